// The reminder timetable as pure functions.
import { describe, expect, it } from 'vitest';
import { DECISION_NUDGE_WINDOW_MS, decisionNudgeDue, escalationDue, scorecardReminderSlot } from '../../src/notifications/schedule.js';
import { defaultSettings, effectiveSettings } from '../../src/notifications/settings.js';

const H = 3_600_000;
const s = defaultSettings(24);
const ended = new Date('2026-03-02T10:00:00Z');
const interview = { endsAt: ended, createdAt: new Date(ended.getTime() - 48 * H) };
const at = (hours: number) => new Date(ended.getTime() + hours * H);

describe('reminder timetable', () => {
  it('slots: 1 h after the end, then every 24 h, five in all', () => {
    expect(scorecardReminderSlot(s, interview, at(0.99))).toBeNull();
    expect([1, 24.9, 25, 49, 73, 97, 120.99].map((h) => scorecardReminderSlot(s, interview, at(h)))).toEqual([0, 0, 1, 2, 3, 4, 4]);
    expect(scorecardReminderSlot(s, interview, at(121))).toBeNull();
  });

  it('an interview recorded after it ended starts its series at once', () => {
    const late = { endsAt: ended, createdAt: at(5) };
    expect(scorecardReminderSlot(s, late, at(4.9))).toBeNull();
    expect(scorecardReminderSlot(s, late, at(5))).toBe(0);
    expect(scorecardReminderSlot(s, late, at(29))).toBe(1);
  });

  it('escalates from 48 h while the series lasts, and nudges the decision owner 48 h after the last card', () => {
    expect(escalationDue(s, interview, at(47.9))).toBe(false);
    expect(escalationDue(s, interview, at(48))).toBe(true);
    expect(escalationDue(s, interview, at(200))).toBe(false);
    expect(decisionNudgeDue(s, ended, at(47.9))).toBe(false);
    expect(decisionNudgeDue(s, ended, at(48))).toBe(true);
  });

  it('nudges about a wait for a week after it fell due, not about history', () => {
    expect(DECISION_NUDGE_WINDOW_MS).toBe(7 * 24 * H);
    expect(decisionNudgeDue(s, ended, at(48 + 7 * 24 - 0.01))).toBe(true);
    expect(decisionNudgeDue(s, ended, at(48 + 7 * 24))).toBe(false);
    // An application imported with scorecards from two years ago.
    expect(decisionNudgeDue(s, ended, at(2 * 365 * 24))).toBe(false);
  });

  it('stored settings override the defaults; invalid stored values fall back to them', () => {
    expect(effectiveSettings({ scorecardReminderMax: 2 }, 24)).toEqual({ ...s, scorecardReminderMax: 2 });
    expect(effectiveSettings({ scorecardReminderMax: 'many' }, 30)).toEqual(defaultSettings(30));
    expect(effectiveSettings(null, 24)).toEqual(s);
  });
});
