FROM python:3.12-slim

# Legacy form: the rest of the line is the value.
ENV GREETING hello   world
ENV LOG_LEVEL=info \
    # a comment inside a continuation is dropped
    WORKERS=4 \

    TIMEOUT_SECONDS="30"
ENV QUOTED='single $NOT_EXPANDED' DOUBLE="with \"escaped\" quotes"
ENV APP_HOME=/srv/app
ENV PYTHONPATH=$APP_HOME/lib:${PYTHONPATH}
EXPOSE 8000/tcp 9090/UDP
CMD gunicorn app:app
