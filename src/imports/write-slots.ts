// Which of an import's batches may be in the database at once. Candidates and applications are
// written alone, in order (a later batch can point at an earlier one's rows). Scorecard batches
// are written up to `parallel` at once, each on its own connection: one writer left a core idle
// while the source was read and the calibration refresh ran. Two batches holding the same record
// (a record repeated in the file) never overlap, so the later one is written after, as it would
// be by a single writer.

export class WriteSlots {
  /** The writes in the database, with the records each holds (none: it is written alone). */
  private readonly running = new Map<Promise<void>, ReadonlySet<string> | undefined>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly parallel: number) {}

  /**
   * Waits until `write` may start, starts it, and returns without waiting for it to finish. With
   * `keys` it may run beside other keyed writes that hold none of them; without, only alone. A
   * failed write surfaces here, at the next start, and in `settled`.
   */
  async start(write: () => Promise<void>, keys?: ReadonlySet<string>) {
    for (;;) {
      this.throwIfFailed();
      const blocking = [...this.running].filter(([, held]) => !keys || !held || this.running.size >= this.parallel || shares(held, keys)).map(([w]) => w);
      if (blocking.length === 0) break;
      await Promise.race(blocking);
    }
    const written: Promise<void> = write()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(written));
    this.running.set(written, keys);
  }

  /** Waits for every write started; throws the first failure. */
  async settled() {
    await this.drained();
    this.throwIfFailed();
  }

  /** Waits for every write started, whatever their outcome. */
  async drained() {
    while (this.running.size) await Promise.all(this.running.keys());
  }

  private throwIfFailed() {
    if (this.failure) throw this.failure.error;
  }
}

const shares = (held: ReadonlySet<string>, keys: ReadonlySet<string>) => {
  for (const key of keys) if (held.has(key)) return true;
  return false;
};
