// Creates a draft role from a rubric template in one transaction: metrics, criteria with their
// links, the plan, and, when interviewers are named per step, their assignments.
import type { Tx } from '../db/client.js';
import { unprocessable } from '../errors.js';
import type { Rubric } from '../rubrics/templates.js';
import { requireUsers } from './access.js';
import { insertCriterion, insertMetric, insertRole, insertStep, replaceAssignments } from './queries.js';
import type { RoleRow } from './read.js';

export interface FromRubricOptions {
  decisionOwnerId?: string;
  /** Step name → interviewer user ids; each is assigned the criteria the template gives that step. */
  interviewers?: Record<string, string[]>;
}

export async function createRoleFromRubric(tx: Tx, orgId: string, rubric: Rubric, options: FromRubricOptions): Promise<RoleRow> {
  const stepNames = new Set(rubric.plan.map((s) => s.name));
  const unknownSteps = Object.keys(options.interviewers ?? {}).filter((name) => !stepNames.has(name));
  if (unknownSteps.length) throw unprocessable('interviewers: the rubric has no step with these names.', { unknownSteps, steps: [...stepNames] });
  const people = [...new Set([...(options.decisionOwnerId ? [options.decisionOwnerId] : []), ...Object.values(options.interviewers ?? {}).flat()])];
  await requireUsers(tx, orgId, people, 'decisionOwnerId/interviewers');

  const role = await insertRole(tx, { orgId, ...rubric.role, decisionOwnerId: options.decisionOwnerId ?? null, scaleLabels: rubric.scale });
  const metricIds = new Map<string, string>();
  for (const m of rubric.successMetrics) {
    const { key, ...fields } = m;
    metricIds.set(key, (await insertMetric(tx, { orgId, roleId: role.id, ...fields })).id);
  }
  const criterionIds = new Map<string, string>();
  for (const c of rubric.criteria) {
    const { key, metrics, ...fields } = c;
    criterionIds.set(key, (await insertCriterion(tx, { orgId, roleId: role.id, ...fields }, metrics.map((k) => metricIds.get(k)!))).id);
  }
  for (const [index, s] of rubric.plan.entries()) {
    const step = await insertStep(tx, { orgId, roleId: role.id, name: s.name, kind: s.kind, briefing: s.briefing, position: index + 1 });
    const assigned = s.criteria.map((k) => criterionIds.get(k)!);
    const interviewerIds = [...new Set(options.interviewers?.[s.name] ?? [])];
    await replaceAssignments(tx, orgId, step.id, interviewerIds.map((interviewerId) => ({ interviewerId, criterionIds: assigned })));
  }
  return role;
}
