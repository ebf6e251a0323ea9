import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Mailer } from '../mail/mailer.js';
import type { SynthesisSettings } from '../synthesis/load.js';

/** The fastify instance every feature registers its routes on: zod-typed. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What features receive from the app factory, instead of reaching for globals. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  /** The lexicon and thresholds the synthesis and the flag store use. */
  synthesis: SynthesisSettings;
  /** Outgoing mail: SMTP, or .eml files in the outbox folder. */
  mailer: Mailer;
}
