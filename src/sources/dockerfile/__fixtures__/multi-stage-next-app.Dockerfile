# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=20
ARG APP_ENV

FROM node:${NODE_VERSION}-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM deps AS build
ARG NEXT_PUBLIC_API_URL=https://api.example.com
ARG APP_ENV
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-alpine AS runtime
WORKDIR /app
ENV NODE_ENV=production
ENV PORT=3000 HOSTNAME="0.0.0.0"
COPY --from=build /app/.next/standalone ./
EXPOSE 3000
USER node
CMD ["node", "server.js"]
