import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer } from '../../src/http/serializer.js';
import { scorecardSchema } from '../../src/scorecards/schemas.js';
import { synthesisSchema } from '../../src/synthesis/output.js';
import { synthesize } from '../../src/synthesis/synthesize.js';
import { structuredLoop } from './builders.js';

// What the default serializer answers: the value encoded through the zod schema, then JSON.
const throughZod = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value as never));

describe('the compiled synthesis serializer', () => {
  it('writes exactly what the zod serializer writes for a synthesis with flags, matches and nulls', () => {
    const input = structuredLoop()
      .interview('i-extra', { step: 'deep-dive', startHour: 60 })
      .scorecard('sc-late', { interview: 'i-extra', author: 'bob', recommendation: 'yes', ratings: { ownership: 3, discovery: 3 }, submittedAfterHours: 30 })
      .with((i) => {
        i.lexicon = [{ id: 'culture', reason: 'often a proxy for preference', regex: /\bculture\b/i }];
        i.scorecards.forEach((c) => (c.notes = 'Strong culture fit, in my view.'));
      })
      .build();
    const synthesis = synthesize(input);
    expect(synthesis.flags.length).toBeGreaterThan(1);
    const compiled = compileSerializer(synthesisSchema)(synthesis);
    expect(compiled).toBe(throughZod(synthesisSchema, synthesis));
    expect(JSON.parse(compiled)).toEqual(JSON.parse(throughZod(synthesisSchema, synthesis)));
  });

  it('writes exactly what the zod serializer writes for a submitted scorecard (the submit answer)', () => {
    const rating = (criterionId: string, rating: number | null, evidence: string | null, offAssignment = false) => ({ criterionId, rating, evidence, offAssignment });
    const id = (n: number) => `01a21338-6a6a-7fb6-ba26-8b0c0eb0a5${String(n).padStart(2, '0')}`;
    const view = {
      id: id(1),
      interviewId: id(2),
      applicationId: id(3),
      authorId: id(4),
      status: 'submitted',
      recommendation: null,
      notes: 'Quotes "as said" and a tab\there, 👍',
      submittedAt: '2026-11-25T15:00:00.000Z',
      ratings: [rating(id(5), 3, 'Six interviews'), rating(id(6), null, null, true)],
      originalRatings: [rating(id(5), 2, 'Six interviews')],
      amendments: [{ id: id(7), reason: 'Typo', authorId: id(4), createdAt: '2026-11-25T16:00:00.000Z', ratings: [rating(id(5), 3, 'Six interviews')] }],
      createdAt: '2026-11-25T14:00:00.000Z',
      updatedAt: '2026-11-25T16:00:00.000Z',
    };
    expect(compileSerializer(scorecardSchema)(view)).toBe(throughZod(scorecardSchema, view));
  });

  it('drops properties the schema does not name, as zod does', () => {
    const schema = z.object({ id: z.string(), note: z.string().nullable() });
    const value = { id: 'a', note: null, secret: 'never sent' };
    expect(compileSerializer(schema)(value)).toBe('{"id":"a","note":null}');
    expect(compileSerializer(schema)(value)).toBe(throughZod(schema, value));
  });

  it('refuses an answer missing a required property rather than sending it', () => {
    const schema = z.object({ id: z.string(), count: z.number() });
    expect(() => compileSerializer(schema)({ id: 'a' })).toThrow(/count/);
  });
});
