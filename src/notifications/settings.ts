// Organization settings: reminder timings and the late-feedback threshold. Only what an admin
// changed is stored; the defaults fill the rest, so a changed default reaches every organization.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { organizations } from '../db/schema.js';

const hours = (max: number) => z.number().int().min(1).max(max);
const MAX_DECISION_NUDGE_AFTER_HOURS = 720;

export const settingsSchema = z.object({
  scorecardReminderAfterMinutes: z.number().int().min(0).max(1440),
  scorecardReminderEveryHours: hours(168),
  scorecardReminderMax: z.number().int().min(1).max(20),
  escalateAfterHours: hours(720),
  decisionNudgeAfterHours: hours(MAX_DECISION_NUDGE_AFTER_HOURS),
  lateFeedbackHours: z.number().positive().max(720),
});
export type OrganizationSettings = z.infer<typeof settingsSchema>;

export const defaultSettings = (lateFeedbackHours: number): OrganizationSettings => ({
  scorecardReminderAfterMinutes: 60,
  scorecardReminderEveryHours: 24,
  scorecardReminderMax: 5,
  escalateAfterHours: 48,
  decisionNudgeAfterHours: 48,
  lateFeedbackHours,
});

/** The longest reminder series the limits allow: interviews that ended earlier need no scan. */
export const longestSeriesMs = (1440 * 60_000) + 20 * 168 * 3_600_000;
/** The longest wait for a decision the limits allow before the decision owner is nudged. */
export const longestDecisionWaitMs = MAX_DECISION_NUDGE_AFTER_HOURS * 3_600_000;

/** Stored settings over the defaults; anything stored that no longer validates is ignored. */
export function effectiveSettings(stored: unknown, lateFeedbackHours: number): OrganizationSettings {
  const parsed = settingsSchema.partial().safeParse(stored ?? {});
  return { ...defaultSettings(lateFeedbackHours), ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function loadOrganization(db: Queryable, orgId: string) {
  const [row] = await db.select({ id: organizations.id, name: organizations.name, settings: organizations.settings }).from(organizations).where(eq(organizations.id, orgId));
  return row;
}

/** Effective settings of several organizations at once (the reminder scan spans them). */
export async function settingsOf(db: Queryable, orgIds: readonly string[], lateFeedbackHours: number): Promise<Map<string, OrganizationSettings>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.select({ id: organizations.id, settings: organizations.settings }).from(organizations).where(inArray(organizations.id, [...orgIds]));
  return new Map(rows.map((r) => [r.id, effectiveSettings(r.settings, lateFeedbackHours)]));
}

/** The organization's late-feedback threshold, for pages that show an interview as due or late. */
export async function lateFeedbackHoursOf(db: Queryable, orgId: string, fallback: number): Promise<number> {
  return (await settingsOf(db, [orgId], fallback)).get(orgId)?.lateFeedbackHours ?? fallback;
}
