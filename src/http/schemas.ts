import { z } from 'zod';

/** The problem+json body every error response carries (RFC 9457). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown());

/** Times leave the service as ISO 8601 UTC strings; mappers call toIso on database dates. */
export const isoTime = z.string().describe('ISO 8601 UTC time');
export const toIso = (d: Date) => d.toISOString();
export const toIsoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Standard error responses to list in a route's OpenAPI entry. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

// ---- Input: the one text schema and the one date/time schema every body and query uses -------

const NUL = /\u0000/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one: not
// Unicode text, and silently turned into U+FFFD on its way to the database.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const NUL_MESSAGE = 'must not contain NUL characters';
export const SURROGATE_MESSAGE = 'must not contain unpaired surrogate characters (not valid Unicode)';

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(value: string): string | null {
  if (NUL.test(value)) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return null;
}

/**
 * Text a person typed. Trimmed by default (names, titles, reasons); evidence and notes keep their
 * whitespace with `trim: false`. `min` counts after trimming (default 1: required text is not blank).
 * Pages pass `messages` written for a person ("Enter your name").
 */
export function text({ max, min = 1, trim = true, messages = {} }: { max: number; min?: number; trim?: boolean; messages?: { required?: string; tooLong?: string } }) {
  const base = trim ? z.string().trim() : z.string();
  return base
    .min(min, messages.required)
    .max(max, messages.tooLong)
    .refine((s) => !NUL.test(s), NUL_MESSAGE)
    .refine((s) => !LONE_SURROGATE.test(s), SURROGATE_MESSAGE);
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** An ISO 8601 date-time with an offset, in years 1900–9999 once converted to UTC. */
export const dateTime = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `must be a time in the years ${MIN_YEAR}–${MAX_YEAR}`)
  .describe(`ISO 8601 time with an offset (Z or ±hh:mm), years ${MIN_YEAR}–${MAX_YEAR}`);

/** A page size given in a query string. */
export const limitQuery = z.coerce.number().int().min(1).max(200).default(50).describe('Page size, at most 200.');
