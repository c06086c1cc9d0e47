# studybot: the bot with its question bank; PostgreSQL (or an SQLite volume) via DATABASE_URL.
# CI builds this file and starts the image without a Docker engine (scripts/container-check.sh: buildah
# with chroot isolation, on a local stand-in for node:20-bookworm-slim); see the README's Deployment part.

# --- build: production dependencies only; better-sqlite3 may compile, both Prisma clients are generated.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# node-gyp compiles against the image's own headers (/usr/local/include/node) instead of downloading them.
ENV npm_config_nodedir=/usr/local
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# What `npm ci` and its postinstall (prisma generate, both schemas) read.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY src/store/database-url.ts src/store/postgres.ts ./src/store/
# Then what the runtime does not need: typescript (23 MB) lands here only as the optional peer of prisma and
# @prisma/client, which never load it; better-sqlite3 keeps its compiled binding, not sources and objects.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node . && rm -rf build deps src \
 && mkdir -p build/Release && mv better_sqlite3.node build/Release/

# --- runtime: no compilers, no dev dependencies, not root.
FROM node:20-bookworm-slim
# The CJK font charts are drawn with (CHART_FONT's default): /usr/share/fonts/truetype/wqy/wqy-microhei.ttc.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    HTTP_PORT=9464
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY questions/bank ./questions/bank
COPY questions/aliases ./questions/aliases
COPY src ./src
COPY --from=build /app/src/generated ./src/generated
# ./data holds the SQLite file when DATABASE_URL is a file: URL (mount a volume there).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 9464
# Liveness: /healthz answers 200 while the database does (src/http/server.ts).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Pending migrations are applied on start (src/store/migrate.ts, `prisma migrate deploy`), before the bot connects.
# With the node arguments of src/node-flags.ts, which says why (tests/node-flags.test.ts keeps them in step).
CMD ["node", "--max-old-space-size=1024", "--max-semi-space-size=2", "--import", "tsx/esm", "src/main.ts"]
