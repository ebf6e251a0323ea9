// Staff routes of the fairness feature: the question set (admin edits, compliance reads) and
// the adverse-impact report (admin, compliance). Answers never leave through these routes,
// only counts per category.
import { z } from 'zod';
import { filterOf, filterQuery } from '../analytics/routes.js';
import { recordAudit } from '../audit/record.js';
import { notFound, unprocessable } from '../errors.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { findRole } from '../roles/read.js';
import { adverseImpactReport } from './adverse-impact.js';
import { planQuestionSet } from './question-set.js';
import { answeredIds, applyQuestionPlan, ensureQuestionSet, loadQuestions, toQuestionSet } from './questions.js';
import { adverseImpactSchema, questionSetBody, questionSetSchema } from './schemas.js';

export async function fairnessRoutes(app: App, { database, db }: Deps) {
  app.get(
    '/fairness/questions',
    {
      preHandler: staffOnly(app, 'admin', 'compliance'),
      schema: { tags: ['fairness'], summary: 'The voluntary self-identification questions, retired ones included', security: staffSecurity, response: { 200: questionSetSchema, ...errorResponses } },
    },
    async (request) =>
      db.transaction(async (tx) => {
        await ensureQuestionSet(tx, request.staff.orgId);
        return toQuestionSet(await loadQuestions(tx, request.staff.orgId));
      }),
  );

  app.put(
    '/fairness/questions',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['fairness'],
        summary: 'Replace the self-identification questions (admin)',
        description:
          'List the questions in form order. New ones (no id) get ids; relabelling keeps the answers. A question or category left out is deleted when nobody answered it, and retired (hidden from the form, kept in the report) otherwise; `retired: true` retires one explicitly.',
        security: staffSecurity,
        body: questionSetBody,
        response: { 200: questionSetSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId, userId } = request.staff;
      const result = await runMutation(db, request, 200, async (tx) => {
        await ensureQuestionSet(tx, orgId, 'update');
        const before = await loadQuestions(tx, orgId);
        const planned = planQuestionSet(before, request.body, await answeredIds(tx, orgId));
        if (!planned.plan) throw unprocessable('The questions cannot be saved as given.', { errors: planned.errors });
        await applyQuestionPlan(tx, orgId, planned.plan);
        const after = toQuestionSet(await loadQuestions(tx, orgId));
        // The design of the form only: the audit never holds anyone's answers.
        await recordAudit(tx, { orgId, actorId: userId, action: 'fairness_questions.update', entity: 'fairness_questions', entityId: orgId, before: toQuestionSet(before), after });
        return after;
      });
      return result.body;
    },
  );

  app.get(
    '/analytics/adverse-impact',
    {
      preHandler: staffOnly(app, 'admin', 'compliance'),
      schema: {
        tags: ['fairness'],
        summary: 'Adverse impact per self-identification question, per step and for the whole process',
        description:
          'Selection rates per category, impact ratio to the highest-rate category, the four-fifths rule (29 CFR 1607.4(D)) and a two-sided Fisher exact test; categories with fewer than 5 people entering a stage are suppressed. Cohort and date filter as in the funnel.',
        security: staffSecurity,
        querystring: z.object({ ...filterQuery, roleId: z.uuid() }),
        response: { 200: adverseImpactSchema, ...errorResponses },
      },
    },
    async (request) => adverseImpactFor({ database, db }, request.staff.orgId, request.query),
  );
}

/** The adverse-impact report of one role (admin, compliance): the API route and /app/fairness. */
export async function adverseImpactFor({ database, db }: Pick<Deps, 'database' | 'db'>, orgId: string, query: { roleId: string; from?: string; to?: string }) {
  const filter = filterOf(orgId, query);
  const role = await findRole(db, orgId, query.roleId);
  if (!role) throw notFound('role');
  const questions = await db.transaction(async (tx) => {
    await ensureQuestionSet(tx, orgId);
    return loadQuestions(tx, orgId);
  });
  return adverseImpactReport(database, questions, { ...filter, roleId: role.id });
}
