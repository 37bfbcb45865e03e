COPY before-from /x
FROM alpine:3.20 AS Bad!Name
ENV
ENV A=1 B
CPY a b
EXPOSE http
USER a b
FROM
ENV OK=yes
