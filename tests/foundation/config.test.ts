import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runScript } from '../helpers/run.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hiring-config-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('configuration', () => {
  it('defaults to embedded PGlite on 127.0.0.1:3000 and creates one local secret in the data folder', () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, database: { kind: 'pglite' }, jwt: { algorithm: 'HS256' } });
    const secret = readFileSync(join(dir, 'jwt-secret'), 'utf8');
    expect(config.jwt.algorithm === 'HS256' && config.jwt.secret).toBe(secret);
    expect(loadConfig({ DATA_DIR: dir }).jwt).toEqual(config.jwt);
  });

  it('requires the secrets when DATABASE_URL is set rather than inventing them', () => {
    const dir = tempDir();
    expect(() => loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://u@localhost/db' })).toThrow(/JWT_SECRET/);
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
  });

  it('lists every bad value', () => {
    const attempt = () => loadConfig({ PORT: 'abc', JWT_ALGORITHM: 'HS384', LOG_LEVEL: 'loud', DATA_DIR: tempDir() });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*JWT_ALGORITHM[\s\S]*LOG_LEVEL/);
  });

  it('asks for a public key with RS256 and ES256', () => {
    expect(() => loadConfig({ JWT_ALGORITHM: 'ES256', DATA_DIR: tempDir() })).toThrow(/JWT_PUBLIC_KEY/);
  });

  it('makes the server exit with code 1 and a clear message on a bad value', async () => {
    const result = await runScript('src/server.ts', [], { PORT: 'not-a-port', DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:[\s\S]*PORT/);
  });

  it('makes the server and the worker exit with code 1 and say so when another process holds the embedded database', async () => {
    const dir = tempDir();
    // This test's own process is alive: to them it is the running service holding the folder.
    writeFileSync(join(dir, 'pglite.lock'), String(process.pid));
    for (const script of ['src/server.ts', 'src/worker.ts']) {
      const result = await runScript(script, [], { DATA_DIR: dir, PORT: '0' });
      expect(result.code, script).toBe(1);
      expect(result.stderr, script).toMatch(new RegExp(`in use by process ${process.pid}`));
      expect(result.stderr, script).not.toMatch(/\n\s+at /); // the message, not a stack
    }
  });
});
