# Build stage: the full toolchain compiles src/ to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# Runtime: production dependencies and the compiled JavaScript only, run by plain node.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
# Read at run time from the folder above dist/, as from the repository root.
COPY migrations ./migrations
COPY rubrics ./rubrics
ENV HOST=0.0.0.0 PORT=3000 NODE_ENV=production
EXPOSE 3000
USER node
# node directly (not npm) so SIGTERM reaches the service and shutdown is graceful.
# The CLI in the container: docker compose exec app node dist/cli.js <command>
CMD ["node", "dist/server.js"]
