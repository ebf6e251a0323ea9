// Which of an import's batches may be in the database at once: keyed (scorecard) batches side by
// side up to the limit, never two sharing a record, and unkeyed (candidates, applications) ones
// alone. Each write here is held open until the test releases it.
import { describe, expect, it } from 'vitest';
import { WriteSlots } from '../../src/imports/write-slots.js';

/** A write the test finishes by hand, recording when it started. */
function held(log: string[], name: string) {
  let finish!: (error?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
    },
    finish,
  };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('import write slots', () => {
  it('runs keyed writes side by side up to the limit; the next waits for one to finish', async () => {
    const log: string[] = [];
    const slots = new WriteSlots(2);
    const [a, b, c] = [held(log, 'a'), held(log, 'b'), held(log, 'c')];
    await slots.start(a.run, new Set(['1']));
    await slots.start(b.run, new Set(['2']));
    const third = slots.start(c.run, new Set(['3']));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    await third;
    expect(log).toEqual(['start a', 'start b', 'start c']);
    a.finish();
    c.finish();
    await slots.settled();
  });

  it('holds a keyed write back while a running one holds the same record', async () => {
    const log: string[] = [];
    const slots = new WriteSlots(2);
    const [a, b] = [held(log, 'a'), held(log, 'b')];
    await slots.start(a.run, new Set(['1', '2']));
    const second = slots.start(b.run, new Set(['2', '3']));
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    await second;
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    await slots.settled();
  });

  it('writes an unkeyed batch alone: after every running write, and before any later one', async () => {
    const log: string[] = [];
    const slots = new WriteSlots(2);
    const [a, alone, b] = [held(log, 'a'), held(log, 'alone'), held(log, 'b')];
    await slots.start(a.run, new Set(['1']));
    const exclusive = slots.start(alone.run);
    await settle();
    expect(log).toEqual(['start a']);
    a.finish();
    await exclusive;
    const after = slots.start(b.run, new Set(['2']));
    await settle();
    expect(log).toEqual(['start a', 'start alone']);
    alone.finish();
    await after;
    expect(log).toEqual(['start a', 'start alone', 'start b']);
    b.finish();
    await slots.settled();
  });

  it('surfaces a failed write at the next start and when settling, after the others have finished', async () => {
    const log: string[] = [];
    const slots = new WriteSlots(2);
    const [a, b] = [held(log, 'a'), held(log, 'b')];
    await slots.start(a.run, new Set(['1']));
    await slots.start(b.run, new Set(['2']));
    a.finish(new Error('refused'));
    await settle();
    await expect(slots.start(async () => void log.push('start c'), new Set(['3']))).rejects.toThrow('refused');
    let settled = false;
    const settling = slots.settled().finally(() => (settled = true));
    settling.catch(() => {});
    await settle();
    expect(settled).toBe(false);
    b.finish();
    await expect(settling).rejects.toThrow('refused');
    expect(log).toEqual(['start a', 'start b']);
  });
});
