import { z } from 'zod';
import { stepKinds } from '../db/schema.js';
import { isoTime, text as safeText } from '../http/schemas.js';
import { readinessCodes } from './readiness.js';

export const DEFAULT_SCALE = ['strong no', 'no', 'yes', 'strong yes'];

const text = (max: number) => safeText({ max });
const scaleLabels = z.array(text(60)).min(2).max(7).describe('One label per level, level 1 first (2–7 levels).');

export const createRoleBody = z.strictObject({
  title: text(200),
  level: text(100).optional(),
  team: text(100).optional(),
  hiringStatement: text(5000).optional().describe('Who we are hiring, in a paragraph.'),
  decisionOwnerId: z.uuid().optional(),
  scale: scaleLabels.optional().describe('Defaults to strong no / no / yes / strong yes.'),
});
/** A change: absent fields stay as they are; null clears an optional text. */
export const updateRoleBody = createRoleBody.partial().extend({
  level: text(100).nullable().optional(),
  team: text(100).nullable().optional(),
  hiringStatement: text(5000).nullable().optional().describe('Who we are hiring, in a paragraph; null clears it.'),
});

export const metricBody = z.strictObject({
  name: text(200),
  description: text(2000).optional(),
  measurement: text(1000).describe('How it is measured.'),
  target: text(500),
  horizonDays: z.number().int().min(1).max(3650).describe('When attainment is checked, in days after the start date.'),
});
export const updateMetricBody = metricBody.partial().extend({ description: text(2000).nullable().optional().describe('Null clears it.') });

export const criterionBody = z.strictObject({
  name: text(200),
  description: text(2000),
  metricIds: z.array(z.uuid()).max(20).default([]).describe('Success metrics this criterion predicts.'),
  anchors: z.array(text(1000)).min(2).max(7).describe('One behavioural anchor per level of the role’s scale, level 1 first.'),
  weight: z.number().min(0).max(100).default(1),
  mustHave: z.boolean().default(false),
  bar: z.number().int().min(1).max(7).optional().describe('Minimum rating that meets the criterion; default 3 (or the top level on shorter scales).'),
});
export const updateCriterionBody = z.strictObject({
  name: text(200).optional(),
  description: text(2000).optional(),
  metricIds: z.array(z.uuid()).max(20).optional(),
  anchors: z.array(text(1000)).min(2).max(7).optional(),
  weight: z.number().min(0).max(100).optional(),
  mustHave: z.boolean().optional(),
  bar: z.number().int().min(1).max(7).optional(),
});

export const stepBody = z.strictObject({
  name: text(200),
  kind: z.enum(stepKinds),
  briefing: text(5000).optional().describe('What the step is for and how to run it; a step without one is unframed.'),
  position: z.number().int().min(1).max(100).optional().describe('Defaults to after the last step.'),
});
export const updateStepBody = z.strictObject({
  name: text(200).optional(),
  kind: z.enum(stepKinds).optional(),
  briefing: text(5000).nullable().optional().describe('Null clears it, which leaves the step unframed.'),
  position: z.number().int().min(1).max(100).optional(),
});

export const assignmentsBody = z
  .array(z.strictObject({ interviewerId: z.uuid(), criterionIds: z.array(z.uuid()).max(50) }))
  .max(30)
  .describe('Replaces the step’s interviewers and what each assesses.');

export const metricSchema = z.object({
  id: z.uuid(),
  roleId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  measurement: z.string(),
  target: z.string(),
  horizonDays: z.number().int(),
});

export const criterionSchema = z.object({
  id: z.uuid(),
  roleId: z.uuid(),
  name: z.string(),
  description: z.string(),
  metricIds: z.array(z.uuid()),
  anchors: z.array(z.object({ level: z.number().int(), label: z.string(), text: z.string() })),
  weight: z.number(),
  mustHave: z.boolean(),
  bar: z.number().int(),
});

export const stepSchema = z.object({
  id: z.uuid(),
  roleId: z.uuid(),
  name: z.string(),
  kind: z.enum(stepKinds),
  briefing: z.string().nullable(),
  position: z.number().int(),
  addedAfterOpenAt: isoTime.nullable().describe('Set when the step was added after the role opened.'),
  framed: z.boolean().describe('Has a briefing and every interviewer in it has assigned criteria.'),
  assignments: z.array(z.object({ interviewerId: z.uuid(), criterionIds: z.array(z.uuid()) })),
});

export const roleSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  level: z.string().nullable(),
  team: z.string().nullable(),
  hiringStatement: z.string().nullable(),
  decisionOwnerId: z.uuid().nullable(),
  status: z.enum(['draft', 'open', 'closed']),
  scale: z.array(z.object({ level: z.number().int(), label: z.string() })),
  openedAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const roleDetailSchema = roleSchema.extend({
  successMetrics: z.array(metricSchema),
  criteria: z.array(criterionSchema),
  steps: z.array(stepSchema),
});

export const readinessSchema = z.object({
  ready: z.boolean(),
  reasons: z.array(z.object({ code: z.enum(readinessCodes), message: z.string(), ids: z.array(z.string()) })),
});
