# syntax=docker/dockerfile:1
# Remote MCP server for Kubernetes. Build: docker build -t mcp-kubernetes-server .
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: compile TypeScript with the dev dependencies ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: the image brings Node 24 itself (the `node` dev dependency
# only exists to give Node 24 to machines with an older system Node).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# `npm run build` runs `nest build`; called directly so the image's Node runs it, not the
# `node` dev dependency whose binary is never downloaded with --ignore-scripts.
RUN node node_modules/@nestjs/cli/bin/nest.js build

# --- deps: production dependencies only ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime ---
FROM ${NODE_IMAGE}
# HOME=/app makes ~/.kube/config /app/.kube/config: mount a kubeconfig there (read-only) or
# run in-cluster (K8S_IN_CLUSTER=true).
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    HOME=/app
WORKDIR /app
# Owned by root and read-only for the server's user, so a read-only root filesystem works
# and the process cannot modify its own code. Only /tmp needs to be writable.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's `node` user (uid 1000); the Helm chart runs as the same uid.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Same command as `npm start`, without npm in between so SIGTERM reaches the server directly.
CMD ["node", "--max-semi-space-size=4", "dist/apps/server/src/main.js"]
