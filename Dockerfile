# syntax=docker/dockerfile:1
# taskmirror, the GitHub App, as an image:
#   docker build -t taskmirror .
#   docker run --env-file .env -p 3000:3000 taskmirror
#
# node:26-trixie-slim: Node.js 26 is the Active LTS line (20 reached its end of life in April
# 2026; 22 and 24 are in maintenance), on Debian 13 "trixie", the current Debian stable. The
# slim variant has no compiler, no git and no curl: taskmirror's one native dependency
# (classic-level, the job journal's LevelDB) ships N-API prebuilds, and the health check below
# uses Node's own fetch.
#
# test/e2e/production-files.test.ts builds the runtime stage's file set the way this file does
# (npm pack, then the runtime stage's RUN) and starts its CMD against the fake GitHub.

# --- build: every dependency, the TypeScript compiler, then the files the package publishes ---
FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json app.yml README.md ./
COPY bin ./bin
COPY src ./src
RUN npm run build
# What a production install needs is what `npm pack` lays out (package.json "files"), plus the
# lockfile, which npm never packs.
RUN npm pack --silent --pack-destination /tmp \
 && mkdir /package \
 && tar -xzf /tmp/taskmirror-*.tgz -C /package --strip-components=1 \
 && cp package-lock.json /package/

# --- runtime: production dependencies only, as the unprivileged `node` user ---
FROM node:26-trixie-slim
ENV NODE_ENV=production
# Probot listens on localhost unless told otherwise, which no one outside the container reaches.
ENV HOST=0.0.0.0
ENV PORT=3000
WORKDIR /app
# Owned by root and not writable by `node`: the process cannot change its own code.
COPY --from=build /package/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
# The job journal: work GitHub was told is accepted stays here until it is done, so a container
# that is killed leaves it to the next one on the same volume (README: TASKMIRROR_DATA_DIR). The
# one directory `node` (uid 1000) may write; a volume mounted here starts with its ownership.
ENV TASKMIRROR_DATA_DIR=/app/data
RUN mkdir data && chown 1000:1000 data
VOLUME /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` without its build step (prestart), and without npm between the signal and the app:
# SIGTERM from `docker stop` reaches Node, which writes waiting ticks before it exits.
CMD ["node", "dist/main.js"]
