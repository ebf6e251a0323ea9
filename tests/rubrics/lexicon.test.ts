import { describe, expect, it } from 'vitest';
import { loadLexicon, parseLexicon } from '../../src/rubrics/lexicon.js';
import { RubricFileError } from '../../src/rubrics/errors.js';

describe('bias lexicon', () => {
  const lexicon = loadLexicon();
  const matches = (text: string) => lexicon.entries.filter((e) => e.regex.test(text)).map((e) => e.id);

  it('loads the shipped lexicon and catches the classic phrases', () => {
    expect(lexicon.entries.length).toBeGreaterThan(10);
    expect(matches('Not a culture fit, too quiet at lunch.')).toEqual(expect.arrayContaining(['culture-fit', 'too-quiet', 'lunch']));
    expect(matches('My gut feeling says no')).toContain('gut-feeling');
    expect(matches('Seems overqualified and has kids')).toEqual(expect.arrayContaining(['overqualified', 'family']));
    expect(matches('Young and hungry, a real digital native')).toContain('age-old');
  });

  it('does not flag ordinary evidence', () => {
    expect(matches('Ran 12 customer interviews and changed the roadmap after a fake-door test.')).toEqual([]);
    expect(matches('We discussed their team culture practices and how they run retros.')).toEqual([]);
  });

  it('names the file, the entry and the problem when the file is broken', () => {
    const broken = `entries:\n  - id: ok-entry\n    phrase: vibe\n    reason: Impressions are not evidence.\n  - id: Bad Id\n    pattern: "(unclosed"\n    reason: short\n`;
    try {
      parseLexicon(broken, 'rubrics/lexicon.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RubricFileError);
      const message = (error as Error).message;
      expect(message).toContain('rubrics/lexicon.yaml');
      expect(message).toMatch(/entries\.1\.id: use lowercase/);
      expect(message).toMatch(/entries\.1\.reason/);
    }
    expect(() => parseLexicon(`entries:\n  - id: x\n    pattern: "(unclosed"\n    reason: A long enough reason.\n`, 'f.yaml')).toThrow(/entries\.0\.pattern: not a valid regular expression/);
    expect(() => parseLexicon(`entries:\n  - id: x\n    phrase: a b\n    pattern: ab\n    reason: A long enough reason.\n`, 'f.yaml')).toThrow(/exactly one of phrase or pattern/);
    expect(() => parseLexicon('entries: [', 'f.yaml')).toThrow(/f\.yaml:\n\s+not valid YAML/);
  });
});
