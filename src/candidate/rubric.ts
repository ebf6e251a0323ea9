// What a candidate may read about how they are evaluated: the role, its success metrics, the
// criteria with their anchors, the steps and what each evaluates, and who decides. Built field
// by field from an allow-list: never scores, evidence, notes, interviewers or other candidates.
import { z } from 'zod';
import { concurrently, type Queryable } from '../db/client.js';
import { findApplication } from '../applications/queries.js';
import { criterionMetricLinks, findRole, listCriteria, listSteps, listSuccessMetrics, planAssignments } from '../roles/read.js';
import { findUser } from '../users/queries.js';
import type { CandidateClaims } from './links.js';

export const candidateRubricSchema = z.object({
  role: z.object({ title: z.string(), level: z.string().nullable(), team: z.string().nullable(), whoWeAreHiring: z.string().nullable() }),
  scale: z.array(z.object({ level: z.number().int(), label: z.string() })),
  successMetrics: z.array(z.object({ name: z.string(), description: z.string().nullable(), howMeasured: z.string(), target: z.string(), horizonDays: z.number().int() })),
  criteria: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      mustHave: z.boolean(),
      bar: z.object({ level: z.number().int(), label: z.string() }).describe('The lowest level that meets the criterion.'),
      anchors: z.array(z.object({ level: z.number().int(), label: z.string(), text: z.string() })),
      servesMetrics: z.array(z.string()),
    }),
  ),
  steps: z.array(z.object({ name: z.string(), kind: z.string(), evaluates: z.array(z.string()) })),
  decision: z.object({ decisionOwner: z.string().nullable(), how: z.string() }),
  yourStage: z.string(),
});
export type CandidateRubric = z.infer<typeof candidateRubricSchema>;

export async function candidateRubric(db: Queryable, claims: CandidateClaims): Promise<CandidateRubric> {
  const application = (await findApplication(db, claims.orgId, claims.applicationId))!;
  const role = (await findRole(db, claims.orgId, application.roleId))!;
  const [metrics, criteria, links, steps, plan, owner] = await concurrently(db, [
    () => listSuccessMetrics(db, role.orgId, role.id),
    () => listCriteria(db, role.orgId, role.id),
    () => criterionMetricLinks(db, role.orgId, role.id),
    () => listSteps(db, role.orgId, role.id),
    () => planAssignments(db, role.orgId, role.id),
    () => role.decisionOwnerId ? findUser(db, role.orgId, role.decisionOwnerId) : Promise.resolve(undefined),
  ]);
  const scale = role.scaleLabels.map((label, i) => ({ level: i + 1, label }));
  const metricName = new Map(metrics.map((m) => [m.id, m.name]));
  const criterionName = new Map(criteria.map((c) => [c.id, c.name]));
  const currentStep = steps.find((s) => s.id === application.currentStepId);
  const ownerName = owner?.name ?? null;
  return {
    role: { title: role.title, level: role.level, team: role.team, whoWeAreHiring: role.hiringStatement },
    scale,
    successMetrics: metrics.map((m) => ({ name: m.name, description: m.description, howMeasured: m.measurement, target: m.target, horizonDays: m.horizonDays })),
    criteria: criteria.map((c) => ({
      name: c.name,
      description: c.description,
      mustHave: c.mustHave,
      bar: scale[c.bar - 1] ?? { level: c.bar, label: `level ${c.bar}` },
      anchors: c.anchors.map((text, i) => ({ level: i + 1, label: scale[i]?.label ?? `level ${i + 1}`, text })),
      servesMetrics: (links.get(c.id) ?? []).flatMap((id) => (metricName.has(id) ? [metricName.get(id)!] : [])),
    })),
    steps: steps.map((s) => ({
      name: s.name,
      kind: s.kind,
      evaluates: [...new Set([...(plan.get(s.id)?.values() ?? [])].flat())].flatMap((id) => (criterionName.has(id) ? [criterionName.get(id)!] : [])),
    })),
    decision: {
      decisionOwner: ownerName,
      how: `${ownerName ?? 'One named decision owner'} decides, from the evidence interviewers record against these criteria — not by a vote of the interviewers. Each interviewer assesses only the criteria assigned to their step, and writes down what you said or did.`,
    },
    yourStage: application.status === 'active' ? (currentStep?.name ?? 'applied') : application.status,
  };
}
