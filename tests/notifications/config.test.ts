import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
});
