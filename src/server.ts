import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/client.js';

let config;
let app;
try {
  config = loadConfig();
  app = await buildApp({ config });
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the pool, exit 0.
closeWithGrace({ delay: config.requestTimeoutMs + 1000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  // Closing waits for every connection to end. One kept alive by a request in flight at the signal
  // turns idle only when that request finishes, so idle ones are closed as they appear; otherwise
  // shutdown would wait out the keep-alive timeout and then be killed.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
});

await app.listen({ port: config.port, host: config.host });
const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${(app.server.address() as { port: number }).port}`;
const storage = config.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
console.log(
  [
    '',
    `Hiring scorecards is running on ${storage}.`,
    `  API:       ${base}`,
    `  Reference: ${base}/docs   (OpenAPI document: ${base}/openapi.json)`,
    '  First admin token: stop the service (Ctrl-C), then run',
    '    npm run cli -- bootstrap --org "Acme" --admin-email you@acme.test',
    '  and start it again (the embedded database has one writer; with DATABASE_URL no stop is needed).',
    '  More tokens, any time: npm run cli -- token --org <orgId> --sub <sub> --permissions recruiter,interviewer',
    '',
  ].join('\n'),
);
