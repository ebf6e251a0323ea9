import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, problemJson, type FieldError } from '../errors.js';
import { sendErrorPage } from '../pages/plugin.js';
import { prefersHtml, refusalOf } from '../candidate/auth.js';
import { candidateErrorHtml } from '../candidate/rubric-html.js';

const PROBLEM_TYPE = 'application/problem+json';

function send(reply: FastifyReply, problem: Problem) {
  if (reply.request.routeOptions.config?.page) return sendErrorPage(reply, problem.status, problem.title, problem.detail);
  // A candidate's browser gets a page that explains itself (expired, revoked, too many requests), not JSON.
  if (reply.request.url.startsWith('/candidate/') && prefersHtml(reply.request.headers.accept)) {
    const kind = problem.status === 401 ? refusalOf(reply.request) : problem.status === 429 ? 'rate_limited' : 'other';
    return reply.code(problem.status).type('text/html; charset=utf-8').send(candidateErrorHtml(kind, problem.detail));
  }
  return reply.code(problem.status).type(PROBLEM_TYPE).send(problemJson(problem));
}

// PostgreSQL error classes that mean "the database is not there right now", not "bug".
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '57014']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (e.code && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message)) {
    return true;
  }
  return e.cause ? databaseUnavailable(e.cause) : false;
}

// SQLSTATE class 22 ("data exception": a value the database cannot store or compare). The
// schemas refuse such values first, naming the field; this keeps any they miss a client error.
function dataException(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return true;
  return e.cause ? dataException(e.cause) : false;
}

function toFieldErrors(error: FastifyError): FieldError[] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return error.validation.map((v) => {
      const where = error.validationContext ?? 'body';
      const path = [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.');
      return { path, message: v.message ?? 'is invalid' };
    });
  }
  return (error.validation ?? []).map((v) => ({ path: String(v.instancePath ?? ''), message: v.message ?? 'is invalid' }));
}

/** Every registered method and path pattern, to tell "no such path" (404) from "not this method" (405). */
type RouteIndex = { method: string; pattern: RegExp }[];

function allowedMethods(routes: RouteIndex, path: string): string[] {
  const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Problem) return send(reply, error);
    if (error.validation) {
      const errors = toFieldErrors(error);
      return send(reply, new Problem(400, 'Bad Request', 'The request does not match the schema.', { errors }));
    }
    if (databaseUnavailable(error)) {
      request.log.warn({ err: { code: (error as { code?: string }).code } }, 'database unavailable');
      return send(reply, new Problem(503, 'Service Unavailable', 'The database is unavailable; retry shortly.'));
    }
    if (dataException(error)) {
      request.log.warn({ err: { code: (error as { code?: string }).code } }, 'data exception from the database');
      return send(reply, new Problem(400, 'Bad Request', 'A value in the request is outside what can be stored (text, number or date out of range).'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, wrong content type) have safe messages.
      return send(reply, new Problem(status, titleFor(status), error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, new Problem(500, 'Internal Server Error', 'An unexpected error occurred; it has been logged.'));
  });

  let routes: RouteIndex | undefined;
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/app')) return sendErrorPage(reply, 404, 'Page not found', 'There is no page at this address. Check the link, or start from your home page.');
    // Built on first use: every route is registered by then.
    routes ??= app.registeredRoutes.map((r) => ({ method: r.method, pattern: patternOf(r.url) }));
    const allow = allowedMethods(routes, request.url.split('?')[0]!);
    // The path is not echoed back: a reflected path is an injection vector and may carry a token.
    if (allow.length) {
      reply.header('allow', allow.join(', '));
      return send(reply, new Problem(405, 'Method Not Allowed', `This path does not accept ${request.method}; it accepts ${allow.join(', ')}.`));
    }
    return send(reply, new Problem(404, 'Not Found', 'No route matches this path.'));
  });
}

function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * What the router refuses before any route runs (an over-long path parameter, a URL that is not
 * valid percent-encoding): answered as problem+json like every other error, without echoing the path.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, request: FastifyRequest, reply: FastifyReply) => {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new Problem(414, 'URI Too Long', 'A path parameter is longer than 100 characters.')
      : error.code === 'FST_ERR_BAD_URL'
        ? new Problem(400, 'Bad Request', 'The URL is not valid: check its percent-encoding.')
        : new Problem(400, 'Bad Request', 'The request could not be routed.');
  // No route context here, so the onSend headers are set by hand.
  reply.header('x-request-id', request.id).header('cache-control', 'no-store');
  return send(reply, problem);
};

/** Requests node's HTTP parser refuses (bad headers, malformed request lines): problem+json too. */
export const clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']> = (error, socket) => {
  if (!socket.writable) return socket.destroy(error);
  const code = (error as { code?: string }).code;
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const payload = JSON.stringify(problemJson(new Problem(status, titleFor(status), 'The HTTP request is malformed.')));
  socket.end(
    `HTTP/1.1 ${status} ${titleFor(status)}\r\nConnection: close\r\nContent-Type: ${PROBLEM_TYPE}\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  );
};

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    408: 'Request Timeout',
    409: 'Conflict',
    410: 'Gone',
    413: 'Content Too Large',
    414: 'URI Too Long',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    431: 'Request Header Fields Too Large',
  };
  return titles[status] ?? 'Client Error';
}
