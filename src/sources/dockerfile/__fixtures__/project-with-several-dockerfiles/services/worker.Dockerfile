FROM python:3.12-slim
ENV QUEUE=jobs
