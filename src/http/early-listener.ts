// The port is taken before anything heavy happens. While the service's modules load, the database
// opens and migrations run (seconds on the embedded database), the process already answers
// liveness (/health: the process is up) and turns every other request away with 503 and
// Retry-After; /ready stays unanswered until the service is. Then the service takes over the same
// socket through fastify's serverFactory: no moment without a listener, no second port.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import { Problem, problemJson } from '../errors.js';

const STARTING = JSON.stringify(problemJson(new Problem(503, 'Service Unavailable', 'The service is starting; retry in a moment.')));
const ALIVE = JSON.stringify({ status: 'ok' });

function whileStarting(request: IncomingMessage, response: ServerResponse) {
  const path = request.url?.split('?')[0];
  const alive = path === '/health' && (request.method === 'GET' || request.method === 'HEAD');
  response.writeHead(alive ? 200 : 503, {
    'content-type': alive ? 'application/json; charset=utf-8' : 'application/problem+json',
    'cache-control': 'no-store',
    ...(alive ? {} : { 'retry-after': '1', connection: 'close' }),
  });
  response.end(request.method === 'HEAD' ? undefined : alive ? ALIVE : STARTING);
}

export interface EarlyListener {
  server: Server;
  /** For fastify's `serverFactory`: requests go to the service once it calls `open()`. */
  serverFactory(handler: RequestListener, options: FastifyServerOptions): Server;
  /** The service is ready: from now on every request is its own. */
  open(): void;
}

export async function listenEarly(options: { port: number; host: string }): Promise<EarlyListener> {
  let serve: RequestListener = whileStarting;
  let service: RequestListener | undefined;
  const server = createServer((request, response) => serve(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    serverFactory(handler, fastifyOptions) {
      // What fastify sets on a server it creates itself; it leaves a provided one alone.
      server.requestTimeout = fastifyOptions.requestTimeout!;
      server.setTimeout(fastifyOptions.connectionTimeout);
      server.keepAliveTimeout = fastifyOptions.keepAliveTimeout!;
      service = handler;
      return server;
    },
    open() {
      if (!service) throw new Error('The service has not been built on this listener.');
      serve = service;
    },
  };
}
