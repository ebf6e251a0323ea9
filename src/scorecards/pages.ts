import { z } from 'zod';
import { Problem, type FieldError } from '../errors.js';
import type { App, Deps } from '../http/types.js';
import { lateFeedbackHoursOf } from '../notifications/settings.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { runMutation } from '../plugins/idempotency.js';
import { amendmentInput, kitErrors, scorecardInput, valuesFromForm, valuesFromScorecard } from './form.js';
import { loadInterviewKit } from './kit.js';
import { amendmentBody, scorecardBody } from './schemas.js';
import { amendScorecard, saveDraft, submitScorecard } from './usecases.js';
import { checkRatings } from './validate.js';
import { kitPage, reviewPage, type KitNotice } from './views/kit.js';

const params = z.object({ interviewId: z.uuid() });
const query = z.object({ notice: z.enum(['saved', 'submitted', 'amended']).optional() });
const intents = ['autosave', 'draft', 'review', 'submit', 'amend'] as const;

/**
 * /app/interviews/:interviewId: the interview kit and the scorecard form. Every write goes through
 * the scorecard use cases the API uses (PUT …/scorecard, POST …/submit, POST …/amendments).
 */
export async function scorecardPages(app: App, deps: Deps) {
  const { db } = deps;
  const settings = { page: true } as const;
  const late = deps.synthesis.lateFeedbackHours;

  app.get('/app/interviews/:interviewId', { preHandler: pageFor(app), config: settings, schema: { hide: true, params, querystring: query } }, async (request, reply) => {
    const [viewer, kit, lateHours] = await Promise.all([viewerOf(deps, request), loadInterviewKit(db, request.staff, request.params.interviewId), lateFeedbackHoursOf(db, request.staff.orgId, late)]);
    return sendPage(reply, kitPage({ viewer, kit, values: valuesFromScorecard(kit, kit.scorecard), notice: request.query.notice as KitNotice, lateFeedbackHours: lateHours }));
  });

  app.post('/app/interviews/:interviewId', { preHandler: pageFor(app), config: settings, schema: { hide: true, params } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const intent = intents.find((i) => i === form.intent) ?? 'draft';
    const interviewId = request.params.interviewId;
    const kit = await loadInterviewKit(db, request.staff, interviewId);
    const values = valuesFromForm(kit, form);
    const back = (notice: KitNotice) => reply.header('cache-control', 'no-store').redirect(`/app/interviews/${interviewId}?notice=${notice}`, 303);
    const rerender = async (errors: Record<string, string>) =>
      sendPage(reply, kitPage({ viewer: await viewerOf(deps, request), kit, values, errors, lateFeedbackHours: await lateFeedbackHoursOf(db, request.staff.orgId, late) }), 400);

    if (intent === 'submit') {
      // Submits the draft saved at the review step, exactly as POST …/scorecard/submit with no body.
      const outcome = await attempt(() => runMutation(db, request, 200, (tx) => submitScorecard(tx, request.staff, interviewId, undefined)));
      if (outcome.errors) return rerender(kitErrors(kit, outcome.errors, kit.scorecard?.ratings ?? []));
      return back('submitted');
    }

    if (intent === 'amend') {
      const input = amendmentInput(kit, values, kit.scorecard ?? failNoScorecard());
      const parsed = amendmentBody.safeParse(input);
      if (!parsed.success) return rerender(kitErrors(kit, zodErrors(parsed.error), input.ratings));
      const outcome = await attempt(() => runMutation(db, request, 201, (tx) => amendScorecard(tx, request.staff, kit.scorecard!.id, parsed.data.reason, parsed.data.ratings)));
      if (outcome.errors) return rerender(kitErrors(kit, outcome.errors, input.ratings));
      return back('amended');
    }

    const input = scorecardInput(kit, values);
    const parsed = scorecardBody.safeParse(input);
    if (!parsed.success) return intent === 'autosave' ? autosaveRefused() : rerender(kitErrors(kit, zodErrors(parsed.error), input.ratings));
    const saved = await attempt(() => runMutation(db, request, 200, (tx) => saveDraft(tx, request.staff, interviewId, parsed.data)));
    if (intent === 'autosave') return saved.errors ? autosaveRefused() : reply.code(204).header('cache-control', 'no-store').send();
    if (saved.errors) return rerender(kitErrors(kit, saved.errors, input.ratings));
    if (intent === 'draft') return back('saved');

    // Review: the same evidence rule as submission, checked before the person confirms.
    const ids = new Set(kit.criteria.map((c) => c.id));
    const levels = kit.criteria[0]?.anchors.length ?? 0;
    const { errors } = checkRatings(parsed.data.ratings, { scaleLevels: levels, roleCriterionIds: ids, assignedCriterionIds: ids, requireEvidence: true });
    if (errors.length) return rerender(kitErrors(kit, errors, input.ratings));
    return sendPage(reply, reviewPage({ viewer: await viewerOf(deps, request), kit, values }));
  });
}

/** Runs a use case; a 4xx with field errors comes back as errors to show beside the fields. */
async function attempt<T>(work: () => Promise<T>): Promise<{ errors?: FieldError[]; result?: T }> {
  try {
    return { result: await work() };
  } catch (error) {
    if (error instanceof Problem && error.status < 500) {
      const fields = (error.extra.errors as FieldError[] | undefined) ?? [{ path: 'form', message: error.detail }];
      return { errors: fields };
    }
    throw error;
  }
}

const zodErrors = (error: z.ZodError): FieldError[] => error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

// The script only needs to know the save failed; it keeps the typed text and says so.
function autosaveRefused(): never {
  throw new Problem(422, 'Unprocessable Content', 'The draft could not be saved.');
}

function failNoScorecard(): never {
  throw new Problem(409, 'Conflict', 'There is no submitted scorecard to amend.');
}

