import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MIN_OUTBOX_RETENTION_DAYS } from '../../src/config.js';
import { DECISION_NUDGE_WINDOW_MS } from '../../src/notifications/schedule.js';
import { longestDecisionWaitMs, longestSeriesMs } from '../../src/notifications/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'hiring-notify-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('notification configuration', () => {
  it('runs the worker in the service and guards webhooks by default; WORKER=off and WEBHOOK_ALLOW_PRIVATE=true change that', () => {
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({ worker: true, webhookAllowPrivate: false });
    expect(loadConfig({ DATA_DIR: dir, WORKER: 'off', WEBHOOK_ALLOW_PRIVATE: 'true' })).toMatchObject({ worker: false, webhookAllowPrivate: true });
  });

  it('refuses anything else', () => {
    expect(() => loadConfig({ DATA_DIR: dir, WORKER: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir, WEBHOOK_ALLOW_PRIVATE: '1' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });

  it('keeps finished notifications 180 days by default, and never for less than any reminder can still be scheduled', () => {
    expect(loadConfig({ DATA_DIR: dir }).outboxRetentionDays).toBe(180);
    expect(loadConfig({ DATA_DIR: dir, OUTBOX_RETENTION_DAYS: '400' }).outboxRetentionDays).toBe(400);
    expect(() => loadConfig({ DATA_DIR: dir, OUTBOX_RETENTION_DAYS: '30' })).toThrow(/OUTBOX_RETENTION_DAYS/);
    expect(() => loadConfig({ DATA_DIR: dir, OUTBOX_RETENTION_DAYS: 'forever' })).toThrow(ConfigError);
    // A finished reminder's dedupe key is what stops the scan scheduling it again: it must outlive
    // the window the scan looks back over (the longest reminder series, the longest decision wait).
    const shortest = MIN_OUTBOX_RETENTION_DAYS * 86_400_000;
    expect(shortest).toBeGreaterThan(longestSeriesMs);
    expect(shortest).toBeGreaterThan(longestDecisionWaitMs + DECISION_NUDGE_WINDOW_MS);
  });
});
