// When reminders are due: pure functions over the organization's settings and the clock.
import type { OrganizationSettings } from './settings.js';

const HOUR = 3_600_000;

/**
 * The series of scorecard reminders for one interviewer: the first `afterMinutes` after the
 * interview ended (at once for an interview recorded after it ended), then one every
 * `everyHours`, `max` in all. Returns the slot due now (0-based), or null. A slot missed while no
 * worker ran is not sent late: the newest due slot replaces the ones before it.
 */
export function scorecardReminderSlot(s: OrganizationSettings, interview: { endsAt: Date; createdAt: Date }, now: Date): number | null {
  const first = seriesStart(s, interview);
  if (now.getTime() < first) return null;
  const slot = Math.floor((now.getTime() - first) / (s.scorecardReminderEveryHours * HOUR));
  return slot < s.scorecardReminderMax ? slot : null;
}

/** The recruiter is told once, `escalateAfterHours` after the end, while the reminder series lasts. */
export function escalationDue(s: OrganizationSettings, interview: { endsAt: Date; createdAt: Date }, now: Date): boolean {
  const at = Math.max(interview.endsAt.getTime() + s.escalateAfterHours * HOUR, interview.createdAt.getTime());
  const seriesEnd = seriesStart(s, interview) + s.scorecardReminderMax * s.scorecardReminderEveryHours * HOUR;
  return now.getTime() >= at && now.getTime() < Math.max(seriesEnd, at + s.scorecardReminderEveryHours * HOUR);
}

/**
 * How long after falling due a decision nudge is still sent. An older wait is history, not a
 * decision someone forgot this week: imported applications whose scorecards came in years ago,
 * or a worker stopped for longer; nudging each of those would flood the decision owner.
 */
export const DECISION_NUDGE_WINDOW_MS = 7 * 24 * HOUR;

/** The decision owner is nudged once `decisionNudgeAfterHours` after the last scorecard came in, within the window. */
export function decisionNudgeDue(s: OrganizationSettings, lastSubmittedAt: Date, now: Date): boolean {
  const due = lastSubmittedAt.getTime() + s.decisionNudgeAfterHours * HOUR;
  return now.getTime() >= due && now.getTime() < due + DECISION_NUDGE_WINDOW_MS;
}

function seriesStart(s: OrganizationSettings, interview: { endsAt: Date; createdAt: Date }): number {
  const ended = interview.endsAt.getTime();
  // Recorded after it ended: the feedback is already late, so the first reminder goes at once.
  if (interview.createdAt.getTime() >= ended) return interview.createdAt.getTime();
  return ended + s.scorecardReminderAfterMinutes * 60_000;
}
