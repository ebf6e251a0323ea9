// Typed errors thrown from anywhere; the error handler turns each into RFC 9457 problem+json.
export interface FieldError {
  path: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  get type(): string {
    return `https://hiring-scorecards.dev/problems/${this.title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  }
}

/** A problem as the JSON body every error answer carries. */
export const problemJson = (problem: Problem) => ({ type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra });

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(400, 'Bad Request', detail, errors ? { errors } : {});
export const unauthorized = (detail = 'A valid bearer token is required.') => new Problem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new Problem(403, 'Forbidden', detail);
export const notFound = (entity: string) => new Problem(404, 'Not Found', `No ${entity} with that id in your organization.`);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new Problem(409, 'Conflict', detail, extra);
export const gone = (detail: string) => new Problem(410, 'Gone', detail);
export const unprocessable = (detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(422, 'Unprocessable Content', detail, extra);
export const unavailable = (detail = 'The database is unavailable; retry shortly.') => new Problem(503, 'Service Unavailable', detail);
