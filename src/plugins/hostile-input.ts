// A backstop under the shared text schema (src/http/schemas.ts): whatever a route's schema says,
// no string with a NUL or an unpaired surrogate, in a body, query or path parameter (keys
// included), reaches a handler. Such text cannot be stored faithfully, so it is refused with a 400
// naming the field instead of failing in the database.
import type { FastifyInstance } from 'fastify';
import { badRequest, type FieldError } from '../errors.js';
import { textProblem } from '../http/schemas.js';

const MAX_DEPTH = 64;

function findHostile(value: unknown, path: string, into: FieldError[], depth = 0): void {
  if (into.length >= 20 || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) into.push({ path, message: problem });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => findHostile(v, `${path}.${i}`, into, depth + 1));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) into.push({ path: `${path}.(a key)`, message: keyProblem });
      else findHostile(v, `${path}.${key}`, into, depth + 1);
    }
  }
}

export function registerHostileInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    findHostile(request.params, 'params', errors);
    findHostile(request.query, 'querystring', errors);
    findHostile(request.body, 'body', errors);
    if (errors.length) throw badRequest('The request contains text that is not valid Unicode or holds NUL characters.', errors);
  });
}
