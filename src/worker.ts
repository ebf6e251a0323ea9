// `npm run worker`: the notification worker as its own process, for deployments that run the
// service with WORKER=off. Same configuration and wiring as the service; stops on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createMailer } from './mail/mailer.js';
import { createWorker } from './notifications/worker.js';
import { orExit } from './start-up.js';

const config = await orExit(() => loadConfig(), [ConfigError]);

const log = pino({ level: config.logLevel });
const database = await orExit(() => openDatabase(config.database), [DataDirInUseError]);
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
