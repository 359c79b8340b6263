# The ledger API image (docker-compose.yml). Node 20 (ADR 0003); build tools so that
# better-sqlite3 (read models) compiles if its prebuilt binary cannot be used.
FROM node:20-bookworm-slim

RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci

# Only the sources the build and `npm start` use (never a host node_modules, data or dist).
COPY tsconfig.json tsconfig.base.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY projections ./projections
COPY scripts ./scripts
COPY bin ./bin
RUN npm run build

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000

CMD ["npm", "start"]
