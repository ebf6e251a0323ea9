// Start-up steps of the processes (service, worker) whose failures are the operator's to fix.

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs a start-up step. An error of one of the given kinds (bad configuration, a data folder in use)
 * is explained by its message alone: printed, and the process exits 1. Anything else is a bug and
 * propagates with its stack.
 */
export async function orExit<T>(step: () => T | Promise<T>, explained: ErrorClass[]): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (explained.some((kind) => error instanceof kind)) {
      console.error((error as Error).message);
      process.exit(1);
    }
    throw error;
  }
}
