// The decision's request and response bodies: one definition for the API route and the debrief page's form.
import { z } from 'zod';
import { isoTime, text } from '../http/schemas.js';

export const decisionSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  decidedBy: z.uuid(),
  decision: z.enum(['hire', 'no_hire']),
  rationale: z.string().nullable(),
  criterionIds: z.array(z.uuid()),
  overrideReason: z.string().nullable(),
  latencySeconds: z.number().int().nullable().describe('Seconds from the last submitted scorecard to this decision.'),
  decidedAt: isoTime,
});

export const decisionBody = z.strictObject({
  decision: z.enum(['hire', 'no_hire']),
  rationale: text({ max: 5000 }).describe('Why, citing the evidence.'),
  criterionIds: z.array(z.uuid()).min(1).max(50).describe('The criteria the decision rests on.'),
  overrideReason: text({ max: 2000 }).optional().describe('Required to decide while scorecards are missing.'),
});
