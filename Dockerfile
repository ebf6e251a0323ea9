FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY rubrics ./rubrics
ENV HOST=0.0.0.0 PORT=3000 NODE_ENV=production
EXPOSE 3000
USER node
# node directly (not npm) so SIGTERM reaches the service and shutdown is graceful.
CMD ["node", "--import", "tsx", "src/server.ts"]
