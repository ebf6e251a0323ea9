import { dirname, join } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { listenEarly } from './http/early-listener.js';
import { listenAddress } from './http/listen-address.js';
import { orExit } from './start-up.js';

// The port first, everything else after: /health answers while the modules load and the database
// opens. An address that cannot be read is reported by the configuration below.
const address = listenAddress(process.env);
const early = address && (await listenEarly(address));
// The configuration's schema library and everything below load only once the port is held.
const { ConfigError, loadConfig } = await import('./config.js');
const config = await orExit(() => loadConfig(), [ConfigError]);
const listener = early || (await listenEarly(config));
const [{ buildApp }, { prepareFirstRun }, { DataDirInUseError }] = await Promise.all([import('./app.js'), import('./sign-in/setup.js'), import('./db/client.js')]);
const app = await orExit(async () => {
  const built = await buildApp({ config, serverFactory: listener.serverFactory });
  await built.ready();
  return built;
}, [DataDirInUseError]);
listener.open();
const { server } = listener;

// SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the app and its pool, exit 0.
closeWithGrace({ delay: config.requestTimeoutMs + 1000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  // Closing waits for every connection to end. One kept alive by a request in flight at the signal
  // turns idle only when that request finishes, so idle ones are closed as they appear; otherwise
  // shutdown would wait out the keep-alive timeout and then be killed.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  } finally {
    clearInterval(sweep);
  }
});

const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${(server.address() as { port: number }).port}`;
const setupUrl = await prepareFirstRun(app.database.db, config);
const { database } = config;
const embedded = database.kind === 'pglite';
const storage = database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
// The hint names the data folder this service uses, so it works whatever DATA_DIR was (and from
// any working directory); with DATABASE_URL the CLI needs the same environment as the service.
const env = database.kind === 'pglite' ? `DATA_DIR=${shellQuote(dirname(database.dataDir))} ` : '';
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
    config.mail.smtpUrl ? '' : `  Mail: SMTP_URL is not set, so messages are written to ${join(config.dataDir, 'outbox')} and their links logged.`,
    '',
    '  Scripts use a personal API key (API keys page, or POST /me/api-keys) or a staff token from the CLI.',
    embedded
      ? '  An organization from a shell instead: stop the service (Ctrl-C; the embedded database has one writer), then run'
      : '  An organization from a shell instead: with the same DATABASE_URL and JWT settings in the environment, run',
    `    ${env}npm run -s cli -- bootstrap --org "Acme" --admin-email you@acme.test --json`,
    ...(embedded ? ['  and start it again.'] : []),
    // Keys given in the environment are not in the data folder: the CLI needs them too.
    ...(embedded && (process.env.JWT_SECRET || process.env.JWT_PRIVATE_KEY) ? ['  (with the same JWT_* variables in the environment as the service).'] : []),
    `  More tokens, any time: ${env}npm run -s cli -- token --org <orgId> --sub <sub> --permissions recruiter,interviewer --json`,
    '',
  ].join('\n'),
);

// Single quotes keep spaces and $ in a path literal; a quote inside is closed, escaped and reopened.
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
