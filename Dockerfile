# Cầu Nối: one stateless app instance. See docs/deploy.md.
# The TypeScript is compiled in a build stage; the image runs the compiled JavaScript on Node 24 LTS
# with production dependencies only (no TypeScript loader, no vitest, typescript or playwright).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
COPY flows ./flows
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json ./
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root content ./content
# The code is owned by root and read-only for the service; it runs as the unprivileged `node` user.
USER node
EXPOSE 3000
# Alive check only; readiness (database reachable) is /readyz, used by the proxy.
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node directly (exec form): it stops taking requests and finishes work in hand.
CMD ["node", "dist/src/main.js"]
