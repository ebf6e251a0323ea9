import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer } from '../../src/http/serializer.js';
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
