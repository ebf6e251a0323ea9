// `npm run worker`: the notification worker as its own process, for deployments that run the
// service with WORKER=off. Same configuration and wiring as the service; stops on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createMailer } from './mail/mailer.js';
import { createWorker } from './notifications/worker.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const log = pino({ level: config.logLevel });
let database;
try {
  database = await openDatabase(config.database);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
await migrate(database);
const mailer = createMailer(config, log);
const worker = createWorker({ db: database.db, config, mailer, log });

closeWithGrace({ delay: 15_000 }, async ({ err }) => {
  if (err) log.error({ err }, 'worker shutting down after an error');
  await worker.stop();
  mailer.close();
  await database.close();
});

worker.start();
log.info(`notification worker running on ${config.database.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL (DATABASE_URL)'}`);
