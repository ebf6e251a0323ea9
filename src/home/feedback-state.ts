/** Where an interviewer's scorecard stands, as the home page and the kit show it. */
export type FeedbackState = 'upcoming' | 'in_progress' | 'due' | 'late' | 'submitted';

export function feedbackState(interview: { startsAt: Date; endsAt: Date }, submitted: boolean, lateFeedbackHours: number, now: Date): FeedbackState {
  if (submitted) return 'submitted';
  if (now < interview.startsAt) return 'upcoming';
  if (now < interview.endsAt) return 'in_progress';
  return now.getTime() - interview.endsAt.getTime() > lateFeedbackHours * 3_600_000 ? 'late' : 'due';
}

export const feedbackStateLabels: Record<FeedbackState, string> = {
  upcoming: 'Upcoming',
  in_progress: 'Happening now',
  due: 'Scorecard due',
  late: 'Scorecard late',
  submitted: 'Submitted',
};
