FROM debian:bookworm-slim
RUN <<EOF
ENV NOT_AN_INSTRUCTION=1
FROM evil:latest
apt-get update
EOF
COPY <<-CONFIG /etc/app.conf
	USER nobody
	CONFIG
RUN cat <<'A' > /a && cat <<"B" > /b
ENV INSIDE_A=1
A
EXPOSE 1
B
RUN ["sh", "-c", "echo <<NOT_A_HEREDOC"]
ENV AFTER_HEREDOCS=yes
