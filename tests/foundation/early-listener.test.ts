import { afterEach, describe, expect, it } from 'vitest';
import { listenEarly, type EarlyListener } from '../../src/http/early-listener.js';

// The server process takes its port before loading the service: liveness at once, 503 otherwise.
describe('the early listener', () => {
  let listener: EarlyListener | undefined;
  afterEach(async () => {
    await new Promise((resolve) => listener?.server.close(resolve) ?? resolve(undefined));
  });

  it('answers /health while the service starts, turns everything else away with Retry-After, then hands the same socket over', async () => {
    listener = await listenEarly({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(listener.server.address() as { port: number }).port}`;

    const health = await fetch(`${base}/health?probe=1`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('cache-control')).toBe('no-store');

    for (const [method, path] of [['GET', '/ready'], ['POST', '/roles'], ['GET', '/app']] as const) {
      const starting = await fetch(`${base}${path}`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
      expect(starting.status, path).toBe(503);
      expect(starting.headers.get('retry-after')).toBe('1');
      expect(starting.headers.get('content-type')).toBe('application/problem+json');
      expect(await starting.json()).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.stringContaining('starting') });
    }

    // Built but not yet opened: still the starting answers.
    const server = listener.serverFactory((_request, response) => response.end('served'), { requestTimeout: 12_000, connectionTimeout: 13_000, keepAliveTimeout: 14_000 });
    expect(server).toBe(listener.server);
    // The timeouts fastify would have set on a server of its own.
    expect([server.requestTimeout, server.timeout, server.keepAliveTimeout]).toEqual([12_000, 13_000, 14_000]);
    expect((await fetch(`${base}/ready`)).status).toBe(503);
    listener.open();
    expect(await (await fetch(`${base}/ready`)).text()).toBe('served');
    expect(await (await fetch(`${base}/health`)).text()).toBe('served');
  });

  it('refuses to open before a service is built on it', async () => {
    listener = await listenEarly({ port: 0, host: '127.0.0.1' });
    expect(() => listener!.open()).toThrow(/not been built/);
  });

  it('reports a port already taken', async () => {
    listener = await listenEarly({ port: 0, host: '127.0.0.1' });
    const port = (listener.server.address() as { port: number }).port;
    await expect(listenEarly({ port, host: '127.0.0.1' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
