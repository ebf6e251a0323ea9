import closeWithGrace from 'close-with-grace';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { prepareFirstRun } from './sign-in/setup.js';
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
const setupUrl = await prepareFirstRun(app.database.db, config);
console.log(
  [
    '',
    `Hiring scorecards is running on ${storage}.`,
    `  Sign in:   ${config.publicUrl}`,
    ...(setupUrl
      ? ['', '  First run: open this link to create your organization and its first admin (it works once):', `    ${setupUrl}`, '']
      : []),
    `  API:       ${base}`,
    `  Reference: ${base}/docs   (OpenAPI document: ${base}/openapi.json)`,
    '  Scripts use a personal API key (create one on the API keys page) or a staff token from the CLI:',
    '    npm run -s cli -- token --org <orgId> --sub <sub> --permissions recruiter,interviewer',
    config.mail.smtpUrl ? '' : `  Mail is not configured (SMTP_URL): messages are written to ${join(config.dataDir, 'outbox')} and their links printed here.`,
    '',
  ].join('\n'),
);
