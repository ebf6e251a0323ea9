// Reminder emails. Scheduling scans for missing work and enqueues one message per due reminder
// (a dedupe key per slot makes a repeated or concurrent scan harmless); sending checks again that
// the work is still missing, then mails a link to the page where it is done. Mails name the role
// and the step, never the candidate, and carry no evidence.
import { sql, type SQL } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import type { Mail, Mailer } from '../mail/mailer.js';
import { enqueue } from './outbox.js';
import { DECISION_NUDGE_WINDOW_MS, decisionNudgeDue, escalationDue, scorecardReminderSlot } from './schedule.js';
import { longestDecisionWaitMs, longestSeriesMs, settingsOf } from './settings.js';

export const REMINDER_KINDS = ['reminder.scorecard', 'reminder.escalation', 'reminder.decision'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface ScheduleScope {
  orgIds?: readonly string[];
  interviewId?: string;
}

const rowsOf = async <T>(db: Queryable, query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
const orgFilter = (column: SQL, orgIds?: readonly string[]) => (orgIds ? sql` and ${column} = any(${sql.param([...orgIds])}::uuid[])` : sql``);

interface MissingScorecard {
  org_id: string;
  interview_id: string;
  interviewer_id: string;
  ends_at: Date;
  created_at: Date;
}

/** Enqueues every reminder due at `now`; returns how many were new. */
export async function scheduleReminders(db: Queryable, config: Pick<Config, 'lateFeedbackHours'>, now: Date, scope: ScheduleScope = {}): Promise<number> {
  // Both scans start from an index over recent work (migrations 0013, 0015), not from every active application.
  const horizon = new Date(now.getTime() - longestSeriesMs);
  // No organization's nudge can be due for an application whose last scorecard is older than this.
  const nudgeHorizon = new Date(now.getTime() - longestDecisionWaitMs - DECISION_NUDGE_WINDOW_MS);
  const missing = await rowsOf<MissingScorecard>(
    db,
    sql`select i.org_id, i.id as interview_id, ii.interviewer_id, i.ends_at, i.created_at
      from interview_interviewers ii
      join interviews i on i.id = ii.interview_id
      join applications a on a.id = i.application_id
      where a.status = 'active' and i.ends_at <= ${now} and greatest(i.ends_at, i.created_at) >= ${horizon}
        and not exists (select 1 from scorecards s where s.interview_id = i.id and s.author_id = ii.interviewer_id and s.status = 'submitted')
        ${scope.interviewId ? sql` and i.id = ${scope.interviewId}` : sql``}${orgFilter(sql`i.org_id`, scope.orgIds)}`,
  );
  const waiting = scope.interviewId
    ? []
    : await rowsOf<{ org_id: string; application_id: string; last_submitted_at: Date }>(
        db,
        sql`select a.org_id, a.id as application_id, max(s.submitted_at) as last_submitted_at
          from applications a
          join interviews i on i.application_id = a.id
          join interview_interviewers ii on ii.interview_id = i.id
          left join scorecards s on s.interview_id = i.id and s.author_id = ii.interviewer_id and s.status = 'submitted'
          where a.status = 'active' and not exists (select 1 from decisions d where d.application_id = a.id)${orgFilter(sql`a.org_id`, scope.orgIds)}
            and a.id in (select r.application_id from scorecards r where r.status = 'submitted' and r.submitted_at >= ${nudgeHorizon})
          group by a.org_id, a.id
          having count(*) = count(s.id) and max(s.submitted_at) >= ${nudgeHorizon}`,
      );
  const settings = await settingsOf(db, [...new Set([...missing.map((m) => m.org_id), ...waiting.map((w) => w.org_id)])], config.lateFeedbackHours);
  let added = 0;
  for (const m of missing) {
    const s = settings.get(m.org_id)!;
    const interview = { endsAt: new Date(m.ends_at), createdAt: new Date(m.created_at) };
    const data = { interviewId: m.interview_id, interviewerId: m.interviewer_id };
    const slot = scorecardReminderSlot(s, interview, now);
    if (slot !== null) {
      if (await enqueue(db, { orgId: m.org_id, kind: 'reminder.scorecard', data: { ...data, slot }, dedupeKey: `reminder.scorecard:${m.interview_id}:${m.interviewer_id}:${slot}`, dueAt: now })) added++;
    }
    if (escalationDue(s, interview, now)) {
      if (await enqueue(db, { orgId: m.org_id, kind: 'reminder.escalation', data, dedupeKey: `reminder.escalation:${m.interview_id}:${m.interviewer_id}`, dueAt: now })) added++;
    }
  }
  for (const w of waiting) {
    const last = new Date(w.last_submitted_at);
    if (!decisionNudgeDue(settings.get(w.org_id)!, last, now)) continue;
    const dedupeKey = `reminder.decision:${w.application_id}:${last.toISOString()}`;
    if (await enqueue(db, { orgId: w.org_id, kind: 'reminder.decision', data: { applicationId: w.application_id }, dedupeKey, dueAt: now })) added++;
  }
  return added;
}

interface InterviewContext {
  interviewer_email: string | null;
  interviewer_name: string | null;
  recruiter_email: string | null;
  role_title: string;
  step_name: string | null;
  ends_at: Date;
  application_id: string;
}

/** The reminder's mail if its work is still missing at send time, else undefined (then nothing is sent). */
export async function composeReminder(db: Queryable, config: Pick<Config, 'publicUrl'>, orgId: string, kind: ReminderKind, data: Record<string, string>, now: Date): Promise<Mail | undefined> {
  const base = config.publicUrl.replace(/\/+$/, '');
  if (kind === 'reminder.decision') {
    const [row] = await rowsOf<{ owner_email: string | null; role_title: string }>(
      db,
      sql`select case when u.deactivated_at is null then u.email end as owner_email, r.title as role_title
        from applications a join roles r on r.id = a.role_id left join users u on u.id = r.decision_owner_id
        where a.org_id = ${orgId} and a.id = ${data.applicationId} and a.status = 'active'
          and not exists (select 1 from decisions d where d.application_id = a.id)
          and not exists (select 1 from interviews i join interview_interviewers ii on ii.interview_id = i.id
            where i.application_id = a.id and not exists (select 1 from scorecards s where s.interview_id = i.id and s.author_id = ii.interviewer_id and s.status = 'submitted'))`,
    );
    if (!row?.owner_email) return undefined;
    const link = `${base}/app/applications/${data.applicationId}/debrief`;
    return {
      to: row.owner_email,
      subject: `Decision waiting: a candidate for ${row.role_title}`,
      text: `Every scorecard is in for a candidate for ${row.role_title}, and no decision has been made yet.\n\nRead the synthesis and decide:\n${link}\n`,
      links: [link],
    };
  }
  const [row] = await rowsOf<InterviewContext>(
    db,
    sql`select case when iu.deactivated_at is null then iu.email end as interviewer_email, iu.name as interviewer_name,
        case when ru.deactivated_at is null then ru.email end as recruiter_email, r.title as role_title,
        coalesce(st.name, i.ad_hoc_name) as step_name, i.ends_at, i.application_id
      from interviews i
      join interview_interviewers ii on ii.interview_id = i.id and ii.interviewer_id = ${data.interviewerId}
      join applications a on a.id = i.application_id
      join roles r on r.id = i.role_id
      join users iu on iu.id = ii.interviewer_id
      left join users ru on ru.id = i.created_by
      left join steps st on st.id = i.step_id
      where i.org_id = ${orgId} and i.id = ${data.interviewId} and a.status = 'active'
        and not exists (select 1 from scorecards s where s.interview_id = i.id and s.author_id = ii.interviewer_id and s.status = 'submitted')`,
  );
  if (!row) return undefined;
  const what = `a candidate for ${row.role_title}, ${row.step_name ?? 'interview'}`;
  const link = `${base}/app/interviews/${data.interviewId}`;
  const hoursLate = Math.max(0, Math.floor((now.getTime() - new Date(row.ends_at).getTime()) / 3_600_000));
  if (kind === 'reminder.scorecard') {
    if (!row.interviewer_email) return undefined;
    return {
      to: row.interviewer_email,
      subject: `Scorecard due: ${what}`,
      text: `Your scorecard for ${what} is not submitted yet (the interview ended ${hoursLate} h ago).\n\nWrite it while your notes are fresh, before reading anyone else's:\n${link}\n`,
      links: [link],
    };
  }
  if (!row.recruiter_email) return undefined;
  // The recruiter works on the application page; the interview kit is the interviewer's own.
  const applicationLink = `${base}/app/applications/${row.application_id}`;
  return {
    to: row.recruiter_email,
    subject: `Scorecard overdue: ${what}`,
    text: `${row.interviewer_name ?? 'An interviewer'} has not submitted the scorecard for ${what}; the interview ended ${hoursLate} h ago.\n\nThe application:\n${applicationLink}\n`,
    links: [applicationLink],
  };
}

export async function sendReminder(db: Queryable, config: Pick<Config, 'publicUrl'>, mailer: Mailer, orgId: string, kind: ReminderKind, data: Record<string, string>, now: Date): Promise<boolean> {
  const mail = await composeReminder(db, config, orgId, kind, data, now);
  if (!mail) return false;
  await mailer.send(mail);
  return true;
}
