# One Ficha server process. On its own it runs on SQLite in /app/data; with DATABASE_URL and
# REDIS_URL (see docker-compose.yml) it is one of several on PostgreSQL and Redis.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV HOST=0.0.0.0 PORT=8787
EXPOSE 8787
CMD ["node", "--import", "tsx", "server/main.ts"]
