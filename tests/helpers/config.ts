// Service configuration for tests and benchmarks (no vitest import: benchmarks use it too).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    database: { kind: 'postgres', url: 'postgres://unused', poolSize: 5, statementTimeoutMs: 15_000 },
    jwt: { algorithm: 'HS256', secret: TEST_SECRET, issuer: 'hiring-scorecards', audience: 'hiring-scorecards' },
    candidateLinkSecret: 'candidate-link-secret-for-tests-0123456789abcdef',
    publicUrl: 'http://127.0.0.1:3000',
    logLevel: 'silent',
    lateFeedbackHours: 24,
    requestTimeoutMs: 30_000,
    bodyLimitBytes: 1_048_576,
    // Per process: the mail outbox of tests that configure no SMTP server lands here.
    dataDir: join(tmpdir(), `hiring-test-data-${process.pid}`),
    mail: { from: 'Hiring scorecards <no-reply@example.test>' },
    session: { idleMs: 12 * 3_600_000, maxMs: 7 * 24 * 3_600_000 },
    // Tests share one database: a worker in every test app would deliver other files' messages.
    worker: false,
    webhookAllowPrivate: false,
    outboxRetentionDays: 180,
    ...overrides,
  };
}

