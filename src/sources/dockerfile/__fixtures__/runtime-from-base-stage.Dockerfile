FROM golang:1.22 AS builder
ENV CGO_ENABLED=0 GOFLAGS=-mod=vendor
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12 AS base
ENV TZ=UTC
USER 65532:65532
EXPOSE 8080

FROM base
ENV TZ=Europe/Paris
COPY --from=builder /out/app /app
ENTRYPOINT ["/app"]
