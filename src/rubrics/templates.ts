// Rubric templates: every *.yaml file in rubrics/ except the lexicon is one template, named by its
// file name. Organizations edit these files, so each is validated on load, and a broken one stops
// the service with the file, the path inside it and what is wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { stepKinds } from '../db/schema.js';
import { text as safeText } from '../http/schemas.js';
import { parseYamlFile } from './errors.js';
import { rubricsFolder } from './lexicon.js';

const DEFAULT_SCALE = ['strong no', 'no', 'yes', 'strong yes'];
const key = z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes');
const text = (max: number) => safeText({ max });

export const rubricSchema = z
  .strictObject({
    role: z.strictObject({
      title: text(200),
      level: text(100).optional(),
      team: text(200).optional(),
      hiringStatement: text(5000),
    }),
    scale: z.array(text(60)).min(2).max(7).default(DEFAULT_SCALE),
    successMetrics: z
      .array(
        z.strictObject({
          key,
          name: text(200),
          description: text(5000).optional(),
          measurement: text(2000),
          target: text(500),
          horizonDays: z.number().int().min(1).max(3650),
        }),
      )
      .min(1),
    criteria: z
      .array(
        z.strictObject({
          key,
          name: text(200),
          description: text(5000),
          metrics: z.array(key).min(1),
          anchors: z.array(text(2000)).min(2).max(7),
          weight: z.number().positive().max(100).default(1),
          mustHave: z.boolean().default(false),
          bar: z.number().int().min(1).max(7).default(3),
        }),
      )
      .min(1),
    plan: z
      .array(z.strictObject({ name: text(200), kind: z.enum(stepKinds), briefing: text(10_000), criteria: z.array(key).min(1) }))
      .min(1),
  })
  .superRefine((rubric, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unique = (items: { key?: string; name: string }[], list: string, field: 'key' | 'name') => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const value = item[field]!;
        if (seen.has(value)) issue([list, i, field], `duplicate ${field} "${value}"`);
        seen.add(value);
      });
      return seen;
    };
    const metricKeys = unique(rubric.successMetrics, 'successMetrics', 'key');
    unique(rubric.successMetrics, 'successMetrics', 'name');
    const criterionKeys = unique(rubric.criteria, 'criteria', 'key');
    unique(rubric.criteria, 'criteria', 'name');
    unique(rubric.plan, 'plan', 'name');
    const levels = rubric.scale.length;
    rubric.criteria.forEach((c, i) => {
      if (c.anchors.length !== levels) issue(['criteria', i, 'anchors'], `needs one anchor per scale level: ${levels}, got ${c.anchors.length}`);
      if (c.bar > levels) issue(['criteria', i, 'bar'], `must be a level of the scale (1-${levels})`);
      c.metrics.forEach((m, j) => {
        if (!metricKeys.has(m)) issue(['criteria', i, 'metrics', j], `no success metric with key "${m}" in this rubric`);
      });
    });
    rubric.plan.forEach((s, i) =>
      s.criteria.forEach((c, j) => {
        if (!criterionKeys.has(c)) issue(['plan', i, 'criteria', j], `no criterion with key "${c}" in this rubric`);
      }),
    );
    // A criterion no step evaluates would leave the role unready however it is staffed.
    const assessed = new Set(rubric.plan.flatMap((s) => s.criteria));
    rubric.criteria.forEach((c, i) => {
      if (!assessed.has(c.key)) issue(['criteria', i], `no plan step evaluates criterion "${c.key}"`);
    });
  });

export type Rubric = z.infer<typeof rubricSchema>;

/** Parses and validates one template's YAML text; `file` names it in errors. */
export function parseRubric(source: string, file: string): Rubric {
  return parseYamlFile(source, file, rubricSchema);
}

/** Every template of `folder`, keyed by file name without extension, in name order. */
export function loadTemplates(folder = rubricsFolder): Map<string, Rubric> {
  const templates = new Map<string, Rubric>();
  for (const fileName of readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const name = fileName.replace(/\.ya?ml$/, '');
    if (name === 'lexicon') continue;
    const file = join(folder, fileName);
    templates.set(name, parseRubric(readFileSync(file, 'utf8'), file));
  }
  return templates;
}
