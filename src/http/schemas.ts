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
