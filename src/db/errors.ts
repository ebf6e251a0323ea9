// drizzle wraps driver errors (DrizzleQueryError) with the PostgreSQL error as `cause`.
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return e.cause ? sqlState(e.cause) : undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === '23503';

/** Runs a write and turns a unique-constraint violation into the given error. */
export async function onUniqueViolation<T>(work: Promise<T>, toError: () => Error): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw toError();
    throw error;
  }
}
