// `npm run worker` as its own process: it delivers what the service wrote, and stops cleanly on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { roles } from '../../src/db/schema.js';
import { enqueueEvent } from '../../src/notifications/outbox.js';
import { insertWebhook } from '../../src/webhooks/queries.js';
import { createOrganization } from '../../src/users/queries.js';
import { startScript } from '../helpers/run.js';
import { startReceiver } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hiring-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run worker', () => {
  it('delivers a pending webhook from the embedded database and exits 0 on SIGTERM', async () => {
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    const receiver = await startReceiver(() => secret);
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    await migrate(database);
    const org = await createOrganization(database.db, 'Worker org');
    const [role] = await database.db.insert(roles).values({ orgId: org.id, title: 'R', scaleLabels: ['1', '2'] }).returning();
    await insertWebhook(database.db, { orgId: org.id, url: receiver.url, events: ['role.opened'], secret });
    await enqueueEvent(database.db, 'role.opened', { orgId: org.id, roleId: role!.id });
    await database.close();

    const child = startScript('src/worker.ts', { DATA_DIR: dir, WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    try {
      await expect.poll(() => receiver.received.length, { timeout: 60_000, interval: 100 }).toBe(1);
      expect(receiver.received[0]).toMatchObject({ status: 200, verified: true });
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'role.opened', data: { orgId: org.id, roleId: role!.id } });
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await receiver.close();
    }
  }, 90_000);
});
