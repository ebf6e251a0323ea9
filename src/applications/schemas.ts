import { z } from 'zod';
import { applicationStatuses } from '../db/schema.js';
import { dateTime, isoTime, limitQuery, text, toIso } from '../http/schemas.js';
import type { ApplicationRow, CandidateRow } from './queries.js';

const freeText = (max: number) => text({ max });

export const createCandidateBody = z.strictObject({
  name: freeText(200),
  email: z.email().max(320),
  phone: text({ max: 50, min: 0 }).optional(),
  notes: text({ max: 5000, min: 0, trim: false }).optional(),
});

export const candidateSchema = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  erased: z.boolean(),
  createdAt: isoTime,
});

export function toCandidate(row: CandidateRow): z.infer<typeof candidateSchema> {
  return { id: row.id, name: row.name, email: row.email, phone: row.phone, notes: row.notes, erased: row.erasedAt !== null, createdAt: toIso(row.createdAt) };
}

export const createApplicationBody = z.strictObject({ candidateId: z.uuid(), roleId: z.uuid() });
export const advanceBody = z.strictObject({ stepId: z.uuid() });
export const rejectBody = z.strictObject({ reason: freeText(2000) });
export const withdrawBody = z.strictObject({ reason: text({ max: 2000, min: 0 }).optional() });

export const listApplicationsQuery = z.object({
  roleId: z.uuid().optional(),
  stage: z.union([z.uuid(), z.enum(applicationStatuses)]).optional().describe('A step id, or active | hired | rejected | withdrawn.'),
  limit: limitQuery,
  cursor: z.uuid().optional(),
});

export const stageEventSchema = z.object({
  id: z.uuid(),
  fromStepId: z.uuid().nullable(),
  toStepId: z.uuid().nullable(),
  outcome: z.enum(['hired', 'rejected', 'withdrawn']).nullable(),
  actorId: z.uuid().nullable(),
  at: isoTime,
});

export const applicationSchema = z.object({
  id: z.uuid(),
  candidateId: z.uuid(),
  roleId: z.uuid(),
  status: z.enum(applicationStatuses),
  /** The plan step while active; the terminal status otherwise. */
  stage: z.string(),
  currentStepId: z.uuid().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const applicationDetailSchema = applicationSchema.extend({
  candidateName: z.string().nullable().describe('Shown to recruiters and the decision owner only.'),
  events: z.array(stageEventSchema),
});

export function toApplication(row: ApplicationRow): z.infer<typeof applicationSchema> {
  return {
    id: row.id,
    candidateId: row.candidateId,
    roleId: row.roleId,
    status: row.status,
    stage: row.status === 'active' ? (row.currentStepId ?? 'unstaged') : row.status,
    currentStepId: row.currentStepId,
    rejectionReason: row.rejectionReason,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export const toStageEvent = (e: { id: string; fromStepId: string | null; toStepId: string | null; outcome: 'hired' | 'rejected' | 'withdrawn' | null; actorId: string | null; at: Date }) => ({
  id: e.id,
  fromStepId: e.fromStepId,
  toStepId: e.toStepId,
  outcome: e.outcome,
  actorId: e.actorId,
  at: toIso(e.at),
});

export const scheduleInterviewBody = z
  .strictObject({
    stepId: z.uuid().nullable().optional().describe('A plan step of the role; omit or null for an ad-hoc interview outside the plan.'),
    adHocName: text({ max: 200 }).optional().describe('Name of an ad-hoc interview (required when stepId is absent).'),
    interviewerIds: z.array(z.uuid()).min(1).max(20),
    startsAt: dateTime,
    endsAt: dateTime,
  })
  .refine((b) => new Date(b.endsAt) > new Date(b.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  .refine((b) => b.stepId || b.adHocName, { message: 'give a stepId, or an adHocName for an interview outside the plan', path: ['adHocName'] });

export const interviewSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  roleId: z.uuid(),
  stepId: z.uuid().nullable(),
  stepName: z.string().nullable(),
  adHoc: z.boolean().describe('Held outside the interview plan.'),
  startsAt: isoTime,
  endsAt: isoTime,
  interviewers: z.array(z.object({ interviewerId: z.uuid(), assignedCriterionIds: z.array(z.uuid()) })),
  createdAt: isoTime,
});

