// Plain input of the decision owner's synthesis for one application. The route loads these from
// the database; the synthesis itself never touches it, so every rule is testable on plain objects.
// Times are ISO 8601 strings.

export type StepKind = 'screen' | 'interview' | 'work_sample' | 'working_session' | 'panel' | 'social' | 'debrief';
export type Recommendation = 'strong_no' | 'no' | 'yes' | 'strong_yes';

/** A lexicon entry; the rubric loader's `{ id, reason, source, regex }` fits structurally. */
export interface LexiconEntry {
  id: string;
  reason: string;
  regex: RegExp;
}

export interface CriterionInput {
  id: string;
  name: string;
  mustHave: boolean;
  /** Minimum rating that meets the criterion. */
  bar: number;
  weight: number;
}

export interface StepInput {
  id: string;
  name: string;
  kind: StepKind;
  briefing: string | null;
  /** Set only for steps added after the role opened. */
  addedAfterOpenAt: string | null;
  /** The step's current assignments; an interviewer with no criterion leaves the step unframed. */
  interviewers: { interviewerId: string; criterionIds: string[] }[];
}

export interface InterviewInput {
  id: string;
  /** Null for an ad-hoc interview held outside the plan. */
  stepId: string | null;
  /** The step's name, or the ad-hoc interview's name. */
  stepName: string | null;
  startsAt: string;
  endsAt: string;
  /** Snapshot, at scheduling time, of the criteria assigned to each interviewer. */
  interviewers: { interviewerId: string; assignedCriterionIds: string[] }[];
}

export interface RatingInput {
  criterionId: string;
  /** A level of the role's scale, or null for "not assessed". */
  rating: number | null;
  evidence: string | null;
  offAssignment: boolean;
}

export interface ScorecardInput {
  id: string;
  interviewId: string;
  authorId: string;
  authorName?: string | null;
  status: 'draft' | 'submitted';
  submittedAt: string | null;
  recommendation: Recommendation | null;
  notes: string | null;
  /** Current ratings only: amendments applied (scorecard_ratings.isCurrent). */
  ratings: RatingInput[];
  amendments: { id: string; createdAt: string; reason: string }[];
}

/** One read of other people's scorecards of this application. */
export interface ScorecardViewInput {
  viewerId: string;
  viewedAt: string;
}

export interface SynthesisInput {
  application: {
    id: string;
    /** Defaults to the earliest `startsAt` of `interviews`. */
    firstInterviewAt?: string | null;
  };
  role: {
    /** Levels of the role's scale (scaleLabels.length); ratings run 1..scaleLevels. */
    scaleLevels: number;
    /** Feedback later than this after the interview ended is LATE_FEEDBACK; default 24. */
    lateFeedbackHours?: number;
  };
  criteria: CriterionInput[];
  steps: StepInput[];
  interviews: InterviewInput[];
  /** Drafts included: they count only toward missing scorecards. */
  scorecards: ScorecardInput[];
  views: ScorecardViewInput[];
  /** Shrunk leniency offset per interviewer from calibration; absent means raw means only. */
  leniencyOffsets?: Readonly<Record<string, number>>;
  lexicon: readonly LexiconEntry[];
}

export const DEFAULT_LATE_FEEDBACK_HOURS = 24;
