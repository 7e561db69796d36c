# syntax=docker/dockerfile:1
# One image for every role; choose with ROLES (api, gateway, worker; all three by default).

# Production dependencies, installed by npm from the lockfile.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The runtime: Bun, ffmpeg, the code, the migrations. Runs as the unprivileged `bun` user.
FROM oven/bun:1.4.5-slim AS runtime
# Workers encode videos with ffmpeg and read them with ffprobe (Debian's package, the one the
# tests run; it also covers live streaming's ingest and packaging). Debian's security updates
# are what we want, not a version frozen here.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
# The code belongs to root and stays read-only to the process (the container may run with a
# read-only root file system); only data/ is the bun user's: uploads, storage, encoding
# scratch space and mail (STORAGE_DIR, UPLOADS_DIR, VIDEO_WORK_DIR and MAIL_DIR default under it).
# deploy/compose.yaml mounts volumes there; a volume mounted on a directory the image has
# starts with its owner, so each one exists here, owned by bun.
COPY --from=deps /app/node_modules ./node_modules
# Node 20 from the deps stage, for the gateway on uWebSockets.js (GATEWAY_RUNTIME=node-uws: its
# binaries are built for Node's ABI; tsx, a dependency, loads the TypeScript). It needs only
# libstdc++, which ffmpeg's libraries bring.
COPY --from=deps /usr/local/bin/node /usr/local/bin/node
COPY package.json bunfig.toml tsconfig.json ./
COPY sql ./sql
COPY actors ./actors
COPY src ./src
RUN mkdir -p data/uploads data/storage data/work data/mail \
 && chown -R bun:bun data
USER bun
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["bun", "-e", "const r = await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/healthz`); process.exit(r.ok ? 0 : 1)"]
STOPSIGNAL SIGTERM
# A command, not an entry point, so that compose's one-shot `migrate` service runs
# `bun src/cli/migrate.ts` from the same image.
CMD ["bun", "src/main.ts"]
