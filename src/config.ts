import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HOST, DEFAULT_PORT } from './http/listen-address.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all.
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

/** The shortest retention of finished notifications: longer than the longest reminder series (a test holds it so). */
export const MIN_OUTBOX_RETENTION_DAYS = 150;

export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  HOST: z.string().min(1).default(DEFAULT_HOST),
  DATABASE_URL: optionalString.pipe(z.string().url().optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_ALGORITHM: z.enum(['HS256', 'RS256', 'ES256']).default('HS256'),
  JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  JWT_PUBLIC_KEY: optionalString,
  // Only the CLI needs it, to mint RS256/ES256 tokens for local use.
  JWT_PRIVATE_KEY: optionalString,
  JWT_ISSUER: z.string().min(1).default('hiring-scorecards'),
  JWT_AUDIENCE: z.string().min(1).default('hiring-scorecards'),
  CANDIDATE_LINK_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  PUBLIC_URL: optionalString.pipe(z.string().url().optional()),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  LATE_FEEDBACK_HOURS: z.coerce.number().positive().default(24),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SMTP_URL: optionalString.pipe(z.string().url().optional()),
  MAIL_FROM: z.string().min(3).default('Hiring scorecards <no-reply@localhost>'),
  OIDC_ISSUER: optionalString.pipe(z.string().url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  SESSION_IDLE_HOURS: z.coerce.number().positive().default(12),
  SESSION_MAX_HOURS: z.coerce.number().positive().default(7 * 24),
  WORKER: z.enum(['on', 'off']).default('on'),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  // Finished notifications keep their dedupe keys: a reminder's must outlive the longest reminder
  // series the organization settings allow (141 days), or the scan would schedule it again.
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(MIN_OUTBOX_RETENTION_DAYS).default(180),
});

export type Environment = z.infer<typeof environmentSchema>;

export type JwtKeys =
  | { algorithm: 'HS256'; secret: string }
  | { algorithm: 'RS256' | 'ES256'; publicKey: string; privateKey?: string };

export interface Config {
  port: number;
  host: string;
  database:
    | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number; /** Longest wait for a pooled connection before 503; default 5000. */ connectTimeoutMs?: number }
    | { kind: 'pglite'; dataDir: string };
  jwt: JwtKeys & { issuer: string; audience: string };
  candidateLinkSecret: string;
  publicUrl: string;
  logLevel: (typeof logLevels)[number];
  lateFeedbackHours: number;
  requestTimeoutMs: number;
  bodyLimitBytes: number;
  /** The data folder: the embedded database, local secrets and the mail outbox live here. */
  dataDir: string;
  /** Without an SMTP URL, mail is written as .eml files to `<dataDir>/outbox/`. */
  mail: { smtpUrl?: string; from: string };
  /** SSO is on when all three are set. */
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  session: { idleMs: number; maxMs: number };
  /** Run the notification worker inside the service process (WORKER, on by default). */
  worker: boolean;
  /** Let webhooks reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE; local tests only). */
  webhookAllowPrivate: boolean;
  /** Finished outbox messages and webhook delivery logs are deleted after this many days (OUTBOX_RETENTION_DAYS). */
  outboxRetentionDays: number;
}

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError with every problem listed. */
export function parseEnvironment(env: NodeJS.ProcessEnv): Environment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * What to do when a secret the embedded mode keeps in DATA_DIR is missing: the service (and the
 * commands that write to its database) create it; commands that only sign (`cli token`) never
 * write a file, and say what to do instead.
 */
export type MissingSecret = 'create' | 'refuse';

interface Resolved {
  e: Environment;
  dataDir: string;
  embedded: boolean;
}

function resolveEnvironment(env: NodeJS.ProcessEnv): Resolved {
  const e = parseEnvironment(env);
  return { e, dataDir: resolve(e.DATA_DIR), embedded: !e.DATABASE_URL };
}

function localSecret({ dataDir, embedded }: Resolved, file: string, given: string | undefined, name: string, missing: MissingSecret): string {
  if (given) return given;
  if (!embedded) throw new ConfigError(`Invalid configuration:\n  ${name}: required when DATABASE_URL is set`);
  const path = join(dataDir, file);
  if (missing === 'refuse' && !existsSync(path)) {
    throw new ConfigError(`No ${name} yet: ${path} does not exist. Start the service once (or run bootstrap) with this DATA_DIR, or set ${name}.`);
  }
  return readOrCreateSecret(path);
}

function jwtOf(r: Resolved, missing: MissingSecret): Config['jwt'] {
  const { e } = r;
  let keys: JwtKeys;
  if (e.JWT_ALGORITHM === 'HS256') {
    keys = { algorithm: 'HS256', secret: localSecret(r, 'jwt-secret', e.JWT_SECRET, 'JWT_SECRET', missing) };
  } else {
    if (!e.JWT_PUBLIC_KEY) {
      throw new ConfigError(`Invalid configuration:\n  JWT_PUBLIC_KEY: required when JWT_ALGORITHM is ${e.JWT_ALGORITHM}`);
    }
    keys = { algorithm: e.JWT_ALGORITHM, publicKey: pemFromEnv(e.JWT_PUBLIC_KEY), privateKey: e.JWT_PRIVATE_KEY && pemFromEnv(e.JWT_PRIVATE_KEY) };
  }
  return { ...keys, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE };
}

function databaseOf({ e, dataDir }: Resolved): Config['database'] {
  return e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS, connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS }
    : { kind: 'pglite', dataDir: join(dataDir, 'pglite') };
}

/**
 * Turns the environment into the service configuration. In embedded mode (no DATABASE_URL) a
 * missing secret is created once in the data folder, so `npm start` works with no setup; with a
 * real database the secrets must be given, because a server must not invent its own keys.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = resolveEnvironment(env);
  const { e } = r;
  return {
    port: e.PORT,
    host: e.HOST,
    database: databaseOf(r),
    jwt: jwtOf(r, 'create'),
    candidateLinkSecret: localSecret(r, 'candidate-link-secret', e.CANDIDATE_LINK_SECRET, 'CANDIDATE_LINK_SECRET', 'create'),
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    lateFeedbackHours: e.LATE_FEEDBACK_HOURS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    dataDir: r.dataDir,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    oidc: oidcFrom(e),
    session: { idleMs: e.SESSION_IDLE_HOURS * 3_600_000, maxMs: e.SESSION_MAX_HOURS * 3_600_000 },
    worker: e.WORKER === 'on',
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
  };
}

function oidcFrom(e: Environment): Config['oidc'] {
  const given = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given < 3) throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three for SSO, or none');
  return { issuer: e.OIDC_ISSUER!, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! };
}

/** Just enough to sign staff tokens (and, for bootstrap, to reach the database): no other secret is touched. */
export function loadSigningConfig(env: NodeJS.ProcessEnv = process.env, missing: MissingSecret = 'refuse'): Pick<Config, 'jwt' | 'database'> {
  const r = resolveEnvironment(env);
  return { jwt: jwtOf(r, missing), database: databaseOf(r) };
}

// Keys in environment variables often arrive with literal "\n" sequences.
function pemFromEnv(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(file, '..'), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
