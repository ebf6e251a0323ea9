// The bias-language lexicon: editable YAML data, validated on load with errors that name the
// file, the entry and what is wrong.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RubricFileError, parseYamlFile } from './errors.js';

export const rubricsFolder = fileURLToPath(new URL('../../rubrics', import.meta.url));
export const defaultLexiconPath = `${rubricsFolder}/lexicon.yaml`;

const entrySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
    phrase: z.string().trim().min(2).optional(),
    pattern: z.string().min(2).optional(),
    reason: z.string().trim().min(10, 'say why in a sentence'),
  })
  .refine((e) => !!e.phrase !== !!e.pattern, { message: 'give exactly one of phrase or pattern' });

const lexiconSchema = z.strictObject({ entries: z.array(entrySchema).min(1) });

export interface LexiconEntry {
  id: string;
  reason: string;
  /** The phrase or pattern as written in the file. */
  source: string;
  regex: RegExp;
}

export interface Lexicon {
  entries: LexiconEntry[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses and validates lexicon YAML text; `file` names it in errors. */
export function parseLexicon(text: string, file: string): Lexicon {
  const parsed = parseYamlFile(text, file, lexiconSchema);
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries = parsed.entries.flatMap((e, i) => {
    if (seen.has(e.id)) problems.push(`entries.${i}.id: duplicate id "${e.id}"`);
    seen.add(e.id);
    const source = e.phrase ?? e.pattern!;
    try {
      const regex = e.phrase ? new RegExp(`\\b${escape(e.phrase).replace(/\s+/g, '\\s+')}\\b`, 'i') : new RegExp(e.pattern!, 'i');
      return [{ id: e.id, reason: e.reason, source, regex }];
    } catch (error) {
      problems.push(`entries.${i}.pattern: not a valid regular expression (${(error as Error).message})`);
      return [];
    }
  });
  if (problems.length) throw new RubricFileError(file, problems);
  return { entries };
}

export function loadLexicon(path = defaultLexiconPath): Lexicon {
  return parseLexicon(readFileSync(path, 'utf8'), path);
}
