# syntax=docker/dockerfile:1
# One Gigaflow image for every role; the command picks it: `start` (main: API, editor, webhooks,
# scheduler), `worker --concurrency N` (runs executions), `webhook` (webhook intake only).
# docker-compose.yml builds it; docs/deploy.md explains the setup. Node 24 as in .nvmrc and the
# `node` devDependency: test/integration/deploy/compose.test.ts fails if they drift apart.

# --- build: every dependency (Vite for the editor), then only the runtime ones are kept ----------
# The full Debian image has python3, make and g++ in case a native addon (isolated-vm) lacks a prebuild.
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The host serves editor/dist; TypeScript needs no build (Node strips the types when it loads them).
RUN npm run build:editor \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime -------------------------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
# Chromium: the TP-Link Bridge node drives the modem's web UI in it (GIGAFLOW_CHROMIUM_PATH);
# build with --build-arg WITH_CHROMIUM=false to leave it out (about 300 MB) if no flow uses it.
# tini as PID 1 forwards SIGTERM to Node (graceful drain) and reaps Chromium's child processes.
ARG WITH_CHROMIUM=true
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
    $(if [ "$WITH_CHROMIUM" = "true" ]; then echo chromium fonts-liberation; fi) \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    GIGAFLOW_DATA_DIR=/data \
    GIGAFLOW_PORT=3300
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/host ./host
COPY --from=build /app/nodes ./nodes
COPY --from=build /app/templates ./templates
COPY --from=build /app/editor/dist ./editor/dist
COPY --from=build /app/deploy/docker-entrypoint.sh ./deploy/docker-entrypoint.sh
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3300
# The entry point reads GIGAFLOW_*_FILE secrets into the environment, then runs
# `node /app/host/cli/bin.ts <command>` with this image's Node 24.
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/docker-entrypoint.sh"]
CMD ["start"]
