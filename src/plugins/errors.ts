import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, type FieldError } from '../errors.js';
import { sendErrorPage } from '../pages/plugin.js';

const PROBLEM_TYPE = 'application/problem+json';

function send(reply: FastifyReply, problem: Problem) {
  if (reply.request.routeOptions.config?.page) return sendErrorPage(reply, problem.status, problem.title, problem.detail);
  return reply
    .code(problem.status)
    .type(PROBLEM_TYPE)
    .send({ type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra });
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
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, wrong content type) have safe messages.
      return send(reply, new Problem(status, titleFor(status), error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, new Problem(500, 'Internal Server Error', 'An unexpected error occurred; it has been logged.'));
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/app')) return sendErrorPage(reply, 404, 'Page not found', 'There is no page at this address. Check the link, or start from your home page.');
    return send(reply, new Problem(404, 'Not Found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}

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
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
  };
  return titles[status] ?? 'Client Error';
}
