# Multi-stage build on the current Node LTS (the dev machines run Node 20, which is past end of life).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN useradd --system --uid 10001 commerce
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/sql ./sql
COPY --from=build /app/openapi.yaml ./
USER commerce
EXPOSE 3000
# Migrations run at start under an advisory lock (safe with several replicas).
CMD ["node", "dist/src/main.js"]
