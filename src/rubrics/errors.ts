import { parse } from 'yaml';
import type { z } from 'zod';

/** A rubric template or lexicon file that does not validate: names the file and every problem. */
export class RubricFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** zod issues as "path.inside.file: what is wrong" lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
}

/** Parses YAML text and validates it; every failure is a RubricFileError naming `file`. */
export function parseYamlFile<T extends z.ZodType>(source: string, file: string, schema: T): z.output<T> {
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    throw new RubricFileError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new RubricFileError(file, describeIssues(parsed.error));
  return parsed.data;
}
