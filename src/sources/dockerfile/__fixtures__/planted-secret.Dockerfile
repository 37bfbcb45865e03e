FROM node:20-alpine
ARG NPM_TOKEN=npm_plantedArgSecret0000000000000
ENV API_TOKEN=planted-secret-value-7f3a9c
ENV DATABASE_URL=postgres://app:planted-db-password@db:5432/shop
ENV CACHE_KEY_PREFIX=orders-${NPM_TOKEN}
