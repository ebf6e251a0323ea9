// Every drizzle table of the service. Every table that holds organization data carries
// org_id so that each query can be scoped by the caller's `org` claim.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { newId } from './ids.js';

/** Attainment is stored, and averaged before ranking, at this many decimals. */
export const ATTAINMENT_DECIMALS = 6;

// UUIDv7 ids are time-ordered, so "ORDER BY id" is creation order and a cursor is the last id.
const id = () => uuid('id').primaryKey().$defaultFn(newId);
const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  // Only the settings an admin changed (reminder timings, late-feedback hours); defaults fill the rest.
  settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: orgId(),
    sub: text('sub').notNull(),
    email: text('email'),
    name: text('name'),
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    /** Set when an admin deactivates the user: every session, key and token of theirs stops at once. */
    deactivatedAt: at('deactivated_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_org_sub').on(t.orgId, t.sub), uniqueIndex('users_org_email').on(t.orgId, t.email)],
);

// ---- Signing in ----------------------------------------------------------------------------
// Every secret handed to a person (cookie, link, key) is stored as its SHA-256 only, so a copy of
// the database holds nothing that signs anyone in.

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    orgId: orgId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Synchronizer token: pages carry it and cookie-authenticated writes must send it back. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    /** The absolute end; idle expiry is counted from last_seen_at. */
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [uniqueIndex('sessions_token_hash').on(t.tokenHash), index('sessions_user').on(t.userId)],
);

/** Single-use secrets sent by mail or kept across a redirect: email links, invitations, SSO state, first-run setup. */
export const signInTokens = pgTable(
  'sign_in_tokens',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['email_link', 'invitation', 'choose_org', 'sso', 'setup'] }).notNull(),
    /** Lower-cased; an email link may sign in to any organization where the address is an active user. */
    email: text('email'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** SSO: state, nonce and PKCE verifier until the identity provider sends the person back. */
    data: jsonb('data'),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sign_in_tokens_hash').on(t.tokenHash), index('sign_in_tokens_email').on(t.email, t.createdAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: orgId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key, shown in lists so a person can tell keys apart. */
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
    lastUsedAt: at('last_used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_secret_hash').on(t.secretHash), index('api_keys_user').on(t.userId)],
);

// ---- Hiring design -------------------------------------------------------------------------

export const roles = pgTable(
  'roles',
  {
    id: id(),
    orgId: orgId(),
    title: text('title').notNull(),
    level: text('level'),
    team: text('team'),
    hiringStatement: text('hiring_statement'),
    decisionOwnerId: uuid('decision_owner_id').references(() => users.id),
    status: text('status', { enum: ['draft', 'open', 'closed'] }).notNull().default('draft'),
    // One label per level of the rating scale, level 1 first; the scale is 1..scaleLabels.length.
    scaleLabels: text('scale_labels').array().notNull(),
    openedAt: at('opened_at'),
    closedAt: at('closed_at'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('roles_org').on(t.orgId, t.id)],
);

export const successMetrics = pgTable(
  'success_metrics',
  {
    id: id(),
    orgId: orgId(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    measurement: text('measurement').notNull(),
    target: text('target').notNull(),
    horizonDays: integer('horizon_days').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('success_metrics_role_name').on(t.roleId, t.name)],
);

export const criteria = pgTable(
  'criteria',
  {
    id: id(),
    orgId: orgId(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull(),
    // anchors[i] describes level i+1 of the role's scale.
    anchors: text('anchors').array().notNull(),
    weight: real('weight').notNull().default(1),
    mustHave: boolean('must_have').notNull().default(false),
    bar: integer('bar').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('criteria_role_name').on(t.roleId, t.name)],
);

export const criterionMetrics = pgTable(
  'criterion_metrics',
  {
    orgId: orgId(),
    criterionId: uuid('criterion_id')
      .notNull()
      .references(() => criteria.id, { onDelete: 'cascade' }),
    metricId: uuid('metric_id')
      .notNull()
      .references(() => successMetrics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.criterionId, t.metricId] })],
);

export const stepKinds = ['screen', 'interview', 'work_sample', 'working_session', 'panel', 'social', 'debrief'] as const;

export const steps = pgTable(
  'steps',
  {
    id: id(),
    orgId: orgId(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: stepKinds }).notNull(),
    briefing: text('briefing'),
    position: integer('position').notNull(),
    // Set only for steps added after the role opened: the "one last step" trail.
    addedAfterOpenAt: at('added_after_open_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('steps_role_name').on(t.roleId, t.name), index('steps_role_position').on(t.roleId, t.position)],
);

// An interviewer on a step; assignments below say which criteria they evaluate there.
export const stepInterviewers = pgTable(
  'step_interviewers',
  {
    orgId: orgId(),
    stepId: uuid('step_id')
      .notNull()
      .references(() => steps.id, { onDelete: 'cascade' }),
    interviewerId: uuid('interviewer_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.stepId, t.interviewerId] })],
);

export const stepAssignments = pgTable(
  'step_assignments',
  {
    orgId: orgId(),
    stepId: uuid('step_id')
      .notNull()
      .references(() => steps.id, { onDelete: 'cascade' }),
    interviewerId: uuid('interviewer_id')
      .notNull()
      .references(() => users.id),
    criterionId: uuid('criterion_id')
      .notNull()
      .references(() => criteria.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.stepId, t.interviewerId, t.criterionId] })],
);

// ---- Candidates, applications, interviews ---------------------------------------------------

export const candidates = pgTable(
  'candidates',
  {
    id: id(),
    orgId: orgId(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    notes: text('notes'),
    erasedAt: at('erased_at'),
    createdAt: createdAt(),
  },
  (t) => [index('candidates_org').on(t.orgId, t.id)],
);

export const applicationStatuses = ['active', 'hired', 'rejected', 'withdrawn'] as const;

export const applications = pgTable(
  'applications',
  {
    id: id(),
    orgId: orgId(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    // The plan step the application is in while active; null before its first step.
    currentStepId: uuid('current_step_id').references(() => steps.id),
    status: text('status', { enum: applicationStatuses }).notNull().default('active'),
    rejectionReason: text('rejection_reason'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('applications_candidate_role').on(t.candidateId, t.roleId),
    index('applications_org_role').on(t.orgId, t.roleId),
  ],
);

// Funnel events: every stage change, the source of the funnel analytics.
export const stageEvents = pgTable(
  'stage_events',
  {
    id: id(),
    orgId: orgId(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    fromStepId: uuid('from_step_id').references(() => steps.id),
    toStepId: uuid('to_step_id').references(() => steps.id),
    // Set when the event ends the application; then toStepId is null.
    outcome: text('outcome', { enum: ['hired', 'rejected', 'withdrawn'] }),
    actorId: uuid('actor_id').references(() => users.id),
    reason: text('reason'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('stage_events_app').on(t.applicationId, t.at), index('stage_events_org_role').on(t.orgId, t.roleId, t.at)],
);

export const interviews = pgTable(
  'interviews',
  {
    id: id(),
    orgId: orgId(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    // Null for an ad-hoc interview held outside the plan.
    stepId: uuid('step_id').references(() => steps.id),
    adHocName: text('ad_hoc_name'),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('interviews_app').on(t.applicationId),
    index('interviews_org_role').on(t.orgId, t.roleId),
    // The reminder scan's window: interviews that ended, or were recorded, within the longest series (migration 0013).
    index('interviews_feedback_window').on(sql`greatest(${t.endsAt}, ${t.createdAt})`),
  ],
);

export const interviewInterviewers = pgTable(
  'interview_interviewers',
  {
    orgId: orgId(),
    interviewId: uuid('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    interviewerId: uuid('interviewer_id')
      .notNull()
      .references(() => users.id),
    // Snapshot, at scheduling time, of the criteria assigned to this interviewer on the step.
    assignedCriterionIds: uuid('assigned_criterion_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    primaryKey({ columns: [t.interviewId, t.interviewerId] }),
    index('interview_interviewers_user').on(t.orgId, t.interviewerId),
  ],
);

// ---- Scorecards -----------------------------------------------------------------------------

export const recommendations = ['strong_no', 'no', 'yes', 'strong_yes'] as const;

export const scorecards = pgTable(
  'scorecards',
  {
    id: id(),
    orgId: orgId(),
    interviewId: uuid('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['draft', 'submitted'] }).notNull().default('draft'),
    recommendation: text('recommendation', { enum: recommendations }),
    notes: text('notes'),
    submittedAt: at('submitted_at'),
    // Focus, fixed when submitted or amended: criteria assigned to the author for this interview,
    // and how many of them they rated with evidence (an erasure later blanks evidence text, not this).
    assignedCriteria: integer('assigned_criteria').notNull().default(0),
    assessedCriteria: integer('assessed_criteria').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('scorecards_interview_author').on(t.interviewId, t.authorId),
    // Both columns: the calibration refresh's lookup of an application's submitted scorecards (migration 0011).
    index('scorecards_app').on(t.applicationId, t.status),
    index('scorecards_org_role').on(t.orgId, t.roleId, t.status),
    // The decision-nudge scan starts from recent submissions (migrations 0013, 0015). A block-range
    // index: a B-tree on a time that only grows made every submission contend for its last page.
    index('scorecards_submitted').using('brin', t.submittedAt).with({ pages_per_range: 32 }),
  ],
);

export const scorecardAmendments = pgTable(
  'scorecard_amendments',
  {
    id: id(),
    orgId: orgId(),
    scorecardId: uuid('scorecard_id')
      .notNull()
      .references(() => scorecards.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('scorecard_amendments_scorecard').on(t.scorecardId)],
);

// One row per criterion rating. An amendment supersedes rows (isCurrent=false) and adds new
// ones pointing at it, so the original stays readable and statistics read only current rows.
export const scorecardRatings = pgTable(
  'scorecard_ratings',
  {
    id: id(),
    orgId: orgId(),
    scorecardId: uuid('scorecard_id')
      .notNull()
      .references(() => scorecards.id, { onDelete: 'cascade' }),
    criterionId: uuid('criterion_id')
      .notNull()
      .references(() => criteria.id),
    rating: integer('rating'),
    evidence: text('evidence'),
    offAssignment: boolean('off_assignment').notNull().default(false),
    amendmentId: uuid('amendment_id').references(() => scorecardAmendments.id),
    isCurrent: boolean('is_current').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('scorecard_ratings_scorecard').on(t.scorecardId, t.isCurrent),
    index('scorecard_ratings_criterion').on(t.orgId, t.criterionId, t.isCurrent),
  ],
);

/**
 * The calibration's input, kept current at every submission and amendment: each interviewer's
 * latest current rating of each unit (one criterion of one application) with a summary of the
 * unit's other raters. Reports then read one narrow row per rating instead of re-deriving units
 * from every scorecard (see src/calibration/store.ts).
 *
 * Rows are derived from scorecards, which already reference the organization, role, criterion,
 * application and interviewer, so no column here is a foreign key: each would cost a lookup per
 * row on every submission (the hottest write) and on every imported rating, and protect nothing
 * more. A deleted application's rows go with it through a statement trigger (migration 0012).
 * The key leads with the application: every refresh replaces one application's rows.
 */
export const calibrationRatings = pgTable(
  'calibration_ratings',
  {
    orgId: uuid('org_id').notNull(),
    roleId: uuid('role_id').notNull(),
    criterionId: uuid('criterion_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    interviewerId: uuid('interviewer_id').notNull(),
    rating: integer('rating').notNull(),
    submittedAt: at('submitted_at').notNull(),
    /** The unit's other raters: how many, the sum of their ratings, and how many gave each level 1..7. */
    coRaters: integer('co_raters').notNull(),
    coTotal: integer('co_total').notNull(),
    coLevels: integer('co_levels').array().notNull(),
    /** Every rater of the unit, this one included, sorted: the unit's panel for ICC. */
    panel: uuid('panel').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.criterionId, t.interviewerId] }),
    index('calibration_ratings_role').on(t.orgId, t.roleId),
    index('calibration_ratings_interviewer').on(t.orgId, t.interviewerId),
  ],
);

// Who read other people's scorecards of an application, and when: the independence trail.
export const scorecardViews = pgTable(
  'scorecard_views',
  {
    id: id(),
    orgId: orgId(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    viewerId: uuid('viewer_id')
      .notNull()
      .references(() => users.id),
    viewedAt: at('viewed_at').notNull().defaultNow(),
  },
  (t) => [index('scorecard_views_app').on(t.applicationId, t.viewerId)],
);

// ---- Decisions and outcomes -----------------------------------------------------------------

export const decisions = pgTable(
  'decisions',
  {
    id: id(),
    orgId: orgId(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decision: text('decision', { enum: ['hire', 'no_hire'] }).notNull(),
    rationale: text('rationale'),
    criterionIds: uuid('criterion_ids').array().notNull().default(sql`'{}'::uuid[]`),
    overrideReason: text('override_reason'),
    // Seconds from the last submitted scorecard to this decision.
    latencySeconds: integer('latency_seconds'),
    decidedAt: at('decided_at').notNull().defaultNow(),
  },
  (t) => [index('decisions_app').on(t.applicationId, t.decidedAt), index('decisions_org_role').on(t.orgId, t.roleId)],
);

export const outcomes = pgTable(
  'outcomes',
  {
    id: id(),
    orgId: orgId(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    metricId: uuid('metric_id')
      .notNull()
      .references(() => successMetrics.id, { onDelete: 'cascade' }),
    // Share of the metric's target attained at its horizon, 0..1 (may exceed 1). Exact decimal,
    // not a float: predictive validity ranks averages of it, and float noise would split ties.
    attainment: numeric('attainment', { precision: 12, scale: ATTAINMENT_DECIMALS, mode: 'number' }).notNull(),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('outcomes_app_metric').on(t.applicationId, t.metricId)],
);

// The synthesis flags of each application, refreshed in the transactions that change them, so
// analytics and the streamed export read flag codes with SQL instead of re-synthesizing.
export const applicationFlags = pgTable(
  'application_flags',
  {
    applicationId: uuid('application_id')
      .primaryKey()
      .references(() => applications.id, { onDelete: 'cascade' }),
    orgId: orgId(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    codes: text('codes').array().notNull().default(sql`'{}'::text[]`),
    counts: jsonb('counts').notNull().default(sql`'{}'::jsonb`),
    computedAt: at('computed_at').notNull().defaultNow(),
  },
  (t) => [index('application_flags_org_role').on(t.orgId, t.roleId)],
);

// ---- Candidate transparency and data rights -------------------------------------------------

export const candidateLinks = pgTable(
  'candidate_links',
  {
    id: id(),
    orgId: orgId(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('candidate_links_app').on(t.applicationId)],
);

export const erasureRequests = pgTable(
  'erasure_requests',
  {
    id: id(),
    orgId: orgId(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id),
    applicationId: uuid('application_id').references(() => applications.id, { onDelete: 'set null' }),
    requestedAt: at('requested_at').notNull().defaultNow(),
    completedAt: at('completed_at'),
  },
  (t) => [index('erasure_requests_org').on(t.orgId, t.completedAt)],
);

// ---- Fairness: voluntary self-identification ------------------------------------------------
// Kept apart from hiring data: no hiring query joins these tables; only the candidate's own
// routes and the aggregate adverse-impact report read them.

// One row per organization whose question set exists, so that an admin who removes every
// question is not given the default set again.
export const fairnessQuestionSets = pgTable('fairness_question_sets', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

export const fairnessQuestions = pgTable(
  'fairness_questions',
  {
    id: id(),
    orgId: orgId(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    // Retired: hidden from the form, kept (with its answers) in the report.
    retiredAt: at('retired_at'),
    createdAt: createdAt(),
  },
  (t) => [index('fairness_questions_org').on(t.orgId, t.position)],
);

export const fairnessCategories = pgTable(
  'fairness_categories',
  {
    id: id(),
    orgId: orgId(),
    questionId: uuid('question_id')
      .notNull()
      .references(() => fairnessQuestions.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    retiredAt: at('retired_at'),
    createdAt: createdAt(),
  },
  (t) => [index('fairness_categories_question').on(t.questionId, t.position)],
);

// A candidate's answer to one question; categoryId null = "prefer not to say".
export const fairnessAnswers = pgTable(
  'fairness_answers',
  {
    orgId: orgId(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => fairnessQuestions.id),
    categoryId: uuid('category_id').references(() => fairnessCategories.id),
    answeredAt: at('answered_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.candidateId, t.questionId] }), index('fairness_answers_question').on(t.questionId, t.categoryId), index('fairness_answers_category').on(t.categoryId)],
);

// ---- Calibration exercises ------------------------------------------------------------------

export const calibrationExercises = pgTable('calibration_exercises', {
  id: id(),
  orgId: orgId(),
  roleId: uuid('role_id').references(() => roles.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  scaleLabels: text('scale_labels').array().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
});

export const calibrationExerciseInterviewers = pgTable(
  'calibration_exercise_interviewers',
  {
    orgId: orgId(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => calibrationExercises.id, { onDelete: 'cascade' }),
    interviewerId: uuid('interviewer_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.interviewerId] })],
);

// A piece of sample evidence with the reference rating for one criterion.
export const calibrationItems = pgTable(
  'calibration_items',
  {
    id: id(),
    orgId: orgId(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => calibrationExercises.id, { onDelete: 'cascade' }),
    criterionName: text('criterion_name').notNull(),
    criterionId: uuid('criterion_id').references(() => criteria.id, { onDelete: 'set null' }),
    evidence: text('evidence').notNull(),
    referenceRating: integer('reference_rating').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('calibration_items_exercise').on(t.exerciseId, t.position)],
);

export const calibrationResponses = pgTable(
  'calibration_responses',
  {
    id: id(),
    orgId: orgId(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => calibrationExercises.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => calibrationItems.id, { onDelete: 'cascade' }),
    interviewerId: uuid('interviewer_id')
      .notNull()
      .references(() => users.id),
    rating: integer('rating').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('calibration_responses_item_interviewer').on(t.itemId, t.interviewerId)],
);

// ---- Cross-cutting --------------------------------------------------------------------------

// Append-only: rows are never deleted; the only update is an erasure blanking the text of the
// payloads about an erased candidate (ids, times, numbers and flags stay).
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: orgId(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('audit_log_org_entity').on(t.orgId, t.entity, t.entityId), index('audit_log_org_id').on(t.orgId, t.id)],
);

// The primary key makes concurrent retries with one key serialize on the index, not race.
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    orgId: orgId(),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    // What the stored reply is about, so a candidate's erasure finds and purges it by ownership.
    candidateId: uuid('candidate_id'),
    applicationId: uuid('application_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId, t.key] }),
    index('idempotency_keys_candidate').on(t.orgId, t.candidateId).where(sql`${t.candidateId} is not null`),
    index('idempotency_keys_application').on(t.orgId, t.applicationId).where(sql`${t.applicationId} is not null`),
  ],
);

// ---- Imports from other hiring tools --------------------------------------------------------

export const importSources = ['greenhouse-harvest-v1', 'greenhouse-harvest-v3', 'lever', 'ashby'] as const;

/**
 * One import run and its summary. It holds counts and skipped positions with reasons only (ids,
 * never a name, email or note), so erasing a candidate leaves nothing personal here.
 */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    orgId: orgId(),
    source: text('source', { enum: importSources }).notNull(),
    status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull().default('running'),
    createdBy: uuid('created_by').references(() => users.id),
    created: jsonb('created').notNull().default(sql`'{}'::jsonb`),
    updated: jsonb('updated').notNull().default(sql`'{}'::jsonb`),
    ignored: jsonb('ignored').notNull().default(sql`'{}'::jsonb`),
    skipped: jsonb('skipped').notNull().default(sql`'[]'::jsonb`),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: at('finished_at'),
    /** Renewed by the process running the import; a running import whose heartbeat stopped was abandoned (its process died). */
    heartbeatAt: at('heartbeat_at').notNull().defaultNow(),
  },
  (t) => [index('imports_org').on(t.orgId, t.id), index('imports_running').on(t.heartbeatAt).where(sql`status = 'running'`)],
);

/**
 * (source, external id) of everything imported, per organization: a re-import finds its rows here
 * and updates them when the fingerprint of what the source said has changed.
 */
export const importLinks = pgTable(
  'import_links',
  {
    orgId: orgId(),
    source: text('source', { enum: importSources }).notNull(),
    kind: text('kind', { enum: ['role', 'step', 'criterion', 'user', 'candidate', 'application', 'interview', 'scorecard'] }).notNull(),
    externalId: text('external_id').notNull(),
    targetId: uuid('target_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.source, t.kind, t.externalId] })],
);

/** Rows of one file parked during an import until the records they belong to are read (v3 attribute rows). */
export const importStagedRows = pgTable(
  'import_staged_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.position] }), index('import_staged_rows_key').on(t.importId, t.key)],
);

// ---- Notifications ------------------------------------------------------------------------

export const outboxStatuses = ['pending', 'done', 'failed'] as const;

// The durable outbox: written in the transaction of the change it reports, delivered by any
// number of workers (claimed with FOR UPDATE SKIP LOCKED and a lease). The id is the message id
// that receivers see, stable across retries.
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: id(),
    orgId: orgId(),
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    // Scheduled reminders and fan-out copies: a second enqueue of the same key is a no-op.
    dedupeKey: text('dedupe_key'),
    dueAt: at('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: at('locked_until'),
    // Fencing: only the worker holding the current lease may finish the message.
    leaseToken: uuid('lease_token'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: at('finished_at'),
  },
  (t) => [
    uniqueIndex('outbox_messages_dedupe').on(t.dedupeKey),
    index('outbox_messages_due').on(t.dueAt).where(sql`status = 'pending'`),
    index('outbox_messages_org').on(t.orgId, t.kind),
    // What the retention sweep deletes, oldest first (migration 0014).
    index('outbox_messages_finished').on(t.finishedAt).where(sql`status <> 'pending'`),
  ],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    orgId: orgId(),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    // Kept usable (it signs every delivery); shown once at registration, never returned again.
    secret: text('secret').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_org').on(t.orgId, t.id)],
);

export const deliveryStatuses = ['delivered', 'retrying', 'failed'] as const;

// One row per delivery attempt, the log an admin reads and retries from.
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    orgId: orgId(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id').notNull(),
    messageId: uuid('message_id').notNull(),
    type: text('type').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    error: text('error'),
    responseStatus: integer('response_status'),
    at: at('at').notNull(),
  },
  (t) => [
    index('webhook_deliveries_webhook').on(t.webhookId, t.id),
    index('webhook_deliveries_message').on(t.webhookId, t.messageId),
    // The retention sweep (migration 0014).
    index('webhook_deliveries_at').on(t.at),
  ],
);
