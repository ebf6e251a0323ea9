import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all.
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
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
 * Turns the environment into the service configuration. In embedded mode (no DATABASE_URL) a
 * missing secret is created once in the data folder, so `npm start` works with no setup; with a
 * real database the secrets must be given, because a server must not invent its own keys.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(env);
  const dataDir = resolve(e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  const localSecret = (file: string, given: string | undefined, name: string): string => {
    if (given) return given;
    if (!embedded) throw new ConfigError(`Invalid configuration:\n  ${name}: required when DATABASE_URL is set`);
    return readOrCreateSecret(join(dataDir, file));
  };

  let keys: JwtKeys;
  if (e.JWT_ALGORITHM === 'HS256') {
    keys = { algorithm: 'HS256', secret: localSecret('jwt-secret', e.JWT_SECRET, 'JWT_SECRET') };
  } else {
    if (!e.JWT_PUBLIC_KEY) {
      throw new ConfigError(`Invalid configuration:\n  JWT_PUBLIC_KEY: required when JWT_ALGORITHM is ${e.JWT_ALGORITHM}`);
    }
    keys = { algorithm: e.JWT_ALGORITHM, publicKey: pemFromEnv(e.JWT_PUBLIC_KEY), privateKey: e.JWT_PRIVATE_KEY && pemFromEnv(e.JWT_PRIVATE_KEY) };
  }

  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS, connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS }
      : { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
    jwt: { ...keys, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    candidateLinkSecret: localSecret('candidate-link-secret', e.CANDIDATE_LINK_SECRET, 'CANDIDATE_LINK_SECRET'),
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    lateFeedbackHours: e.LATE_FEEDBACK_HOURS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    dataDir,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    oidc: oidcFrom(e),
    session: { idleMs: e.SESSION_IDLE_HOURS * 3_600_000, maxMs: e.SESSION_MAX_HOURS * 3_600_000 },
    worker: e.WORKER === 'on',
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
  };
}

function oidcFrom(e: Environment): Config['oidc'] {
  const given = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given < 3) throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three for SSO, or none');
  return { issuer: e.OIDC_ISSUER!, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! };
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
