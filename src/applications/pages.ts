// The pipeline and application pages. Each action posts to a page path, is parsed with the API's
// schema, runs the API's use case behind the API's access check, and redirects back (303).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outcomesBody, recordOutcomes } from '../calibration/outcomes.js';
import { createCandidateLink, liveLinks, revokeCandidateLink } from '../candidate/link-usecases.js';
import { MAX_LINK_DAYS } from '../candidate/links.js';
import { outcomes } from '../db/schema.js';
import { forbidden } from '../errors.js';
import type { App, Deps } from '../http/types.js';
import { formOf, many, numeric, one, optional, refusalOf, scoped, seeOther, type FormValues } from '../pages/fields.js';
import type { FieldErrors } from '../pages/forms.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { runMutation } from '../plugins/idempotency.js';
import { readableRole } from '../roles/access.js';
import { peopleOf } from '../roles/page-data.js';
import { listCriteria, listSteps, listSuccessMetrics } from '../roles/read.js';
import { hasSubmittedOwn, readApplicationScorecards } from '../scorecards/colleagues.js';
import { refreshStaleFlags } from '../synthesis/load.js';
import { applicationFor, relationsTo } from './access.js';
import { interviewsOfApplication, pipelineOf, userNames } from './page-queries.js';
import { findCandidate, listStageEvents } from './queries.js';
import { advanceBody, createCandidateBody, rejectBody, scheduleInterviewBody, withdrawBody } from './schemas.js';
import { advanceApplication, closeApplication } from './stages.js';
import { createApplication, createCandidate, scheduleInterview } from './usecases.js';
import { applicationPage, type ApplicationPageProps } from './views/application.js';
import { pipelinePage } from './views/pipeline.js';

const page = { page: true } as const;
const hide = { hide: true } as const;
const roleParams = z.object({ roleId: z.uuid() });
const applicationParams = z.object({ applicationId: z.uuid() });
const linkBody = z.strictObject({ expiresInDays: z.number().int().min(1).max(MAX_LINK_DAYS) });

/** datetime-local has no zone: the page labels it UTC, so it is read as UTC. */
const utc = (value: string | string[] | undefined) => {
  const text = one(value).trim();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? `${text.length === 16 ? `${text}:00` : text}Z` : text;
};

export async function applicationPages(app: App, deps: Deps) {
  const { db } = deps;
  const staff = pageFor(app);
  const recruiter = pageFor(app, 'recruiter');

  // ---- pipeline -------------------------------------------------------------------------------
  const showPipeline = async (request: FastifyRequest, reply: FastifyReply, roleId: string, errors?: FieldErrors, values?: FormValues, status = 200) => {
    const role = await readableRole(db, request.staff, roleId);
    const relations = relationsTo(request.staff, role);
    // As GET /applications: recruiters see every application, decision owners those of their roles.
    if (relations.size === 0) throw forbidden('The pipeline is shown to recruiters and the role’s decision owner.');
    await refreshStaleFlags(db, request.staff.orgId, role.id, deps.synthesis);
    const [viewer, steps, rows] = await Promise.all([viewerOf(deps, request), listSteps(db, role.orgId, role.id), pipelineOf(db, role.orgId, role.id)]);
    return sendPage(reply, pipelinePage({ viewer, role, steps, rows, canAdd: relations.has('recruiter'), now: new Date(), errors, values }), status);
  };

  app.get('/app/roles/:roleId/pipeline', { preHandler: staff, config: page, schema: { ...hide, params: roleParams } }, (request, reply) => showPipeline(request, reply, request.params.roleId));

  app.post('/app/roles/:roleId/pipeline', { preHandler: recruiter, config: page, schema: { ...hide, params: roleParams } }, async (request, reply) => {
    const { roleId } = request.params;
    const values = formOf(request.body);
    const parsed = createCandidateBody.safeParse({ name: one(values.name), email: one(values.email).trim(), phone: optional(values.phone), notes: optional(values.notes) });
    if (!parsed.success) return showPipeline(request, reply, roleId, scoped('candidate', parsed.error.issues), values, 400);
    try {
      const { body } = await runMutation(db, request, 201, async (tx) => {
        const candidate = await createCandidate(tx, request.staff, parsed.data);
        return createApplication(tx, request.staff, { candidateId: candidate.id, roleId });
      });
      return seeOther(reply, `/app/applications/${body.id}`);
    } catch (error) {
      const { errors, status } = refusalOf(error, 'candidate');
      return showPipeline(request, reply, roleId, errors, values, status);
    }
  });

  // ---- one application ----------------------------------------------------------------------------
  const showApplication = async (request: FastifyRequest, reply: FastifyReply, applicationId: string, extra: Partial<ApplicationPageProps> = {}, status = 200) => {
    const who = request.staff;
    const { application, role, relations } = await applicationFor(db, who, applicationId, ['recruiter', 'decisionOwner', 'interviewer']);
    const isRecruiter = relations.has('recruiter');
    const seesCandidate = isRecruiter || relations.has('decisionOwner');
    const [viewer, steps, events, candidate] = await Promise.all([
      viewerOf(deps, request),
      listSteps(db, who.orgId, role.id),
      listStageEvents(db, who.orgId, application.id),
      seesCandidate ? findCandidate(db, who.orgId, application.candidateId) : Promise.resolve(undefined),
    ]);
    const interviews = isRecruiter ? await interviewsOfApplication(db, who.orgId, application.id) : [];
    const names = await userNames(db, who.orgId, [...new Set([...events.map((e) => e.actorId).filter((id): id is string => !!id), ...interviews.flatMap((i) => i.interviewerIds)])]);
    const stepName = new Map(steps.map((s) => [s.id, s.name]));
    const props: ApplicationPageProps = {
      viewer,
      application,
      role,
      candidateName: candidate?.erasedAt ? null : (candidate?.name ?? null),
      seesCandidate,
      steps,
      events: events.map((e) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? 'Unknown') : 'System' })),
      recruiter: isRecruiter,
      decisionOwner: relations.has('decisionOwner'),
      ...extra,
    };
    if (isRecruiter) {
      props.interviews = interviews.map((i) => ({ id: i.id, name: (i.stepId ? stepName.get(i.stepId) : i.adHocName) ?? 'Interview', startsAt: i.startsAt, endsAt: i.endsAt, interviewers: i.interviewerIds.map((id) => names.get(id) ?? 'Unknown') }));
      props.interviewers = (await peopleOf(db, who.orgId)).filter((p) => p.interviewer);
      props.links = await liveLinks(db, who.orgId, application.id);
      if (application.status === 'hired') {
        const [metrics, recorded] = await Promise.all([listSuccessMetrics(db, who.orgId, role.id), db.select().from(outcomes).where(and(eq(outcomes.orgId, who.orgId), eq(outcomes.applicationId, application.id)))]);
        props.metrics = metrics.map((m) => ({ id: m.id, name: m.name, target: m.target, attainment: recorded.find((o) => o.metricId === m.id)?.attainment ?? null }));
      }
    } else if (!seesCandidate && (await hasSubmittedOwn(db, who.orgId, application.id, who.userId))) {
      // Colleagues' scorecards, by the rule and use case of GET /applications/:id/scorecards (which records the read).
      const scorecards = await readApplicationScorecards(db, who, application.id);
      const [authors, criteria] = await Promise.all([userNames(db, who.orgId, scorecards.map((s) => s.authorId)), listCriteria(db, who.orgId, role.id)]);
      props.colleagues = { scorecards, names: authors, criteria: new Map(criteria.map((c) => [c.id, c.name])) };
    }
    return sendPage(reply, applicationPage(props), status);
  };

  app.get('/app/applications/:applicationId', { preHandler: staff, config: page, schema: { ...hide, params: applicationParams } }, (request, reply) => showApplication(request, reply, request.params.applicationId));

  /** One action: parse with the API's schema, run its use case, 303 back; errors beside the fields. */
  async function act<S extends z.ZodType>(request: FastifyRequest, reply: FastifyReply, applicationId: string, form: string, schema: S, input: (f: FormValues) => unknown, run: (body: z.infer<S>) => Promise<unknown>, anchor = '') {
    const values = formOf(request.body);
    const parsed = schema.safeParse(input(values));
    if (!parsed.success) return showApplication(request, reply, applicationId, { errors: scoped(form, parsed.error.issues), failed: { form, values } }, 400);
    try {
      await run(parsed.data);
    } catch (error) {
      const { errors, status } = refusalOf(error, form);
      return showApplication(request, reply, applicationId, { errors, failed: { form, values } }, status);
    }
    return seeOther(reply, `/app/applications/${applicationId}${anchor}`);
  }

  const route = (path: string, preHandler: ReturnType<typeof pageFor>) => ({ path: `/app/applications/:applicationId${path}`, options: { preHandler, config: page, schema: { ...hide, params: applicationParams } } });

  let r = route('/advance', recruiter);
  app.post(r.path, r.options, (request, reply) => {
    const id = (request.params as { applicationId: string }).applicationId;
    return act(request, reply, id, 'advance', advanceBody, (f) => ({ stepId: one(f.stepId) }), (body) => runMutation(db, request, 200, (tx) => advanceApplication(tx, request.staff, id, body.stepId)), '#timeline');
  });

  r = route('/reject', staff);
  app.post(r.path, r.options, async (request, reply) => {
    const id = (request.params as { applicationId: string }).applicationId;
    await applicationFor(db, request.staff, id, ['recruiter', 'decisionOwner'], 'Rejecting is for recruiters and the role’s decision owner.');
    return act(request, reply, id, 'reject', rejectBody, (f) => ({ reason: one(f.reason) }), (body) => runMutation(db, request, 200, (tx) => closeApplication(tx, request.staff, id, 'rejected', body.reason)), '#timeline');
  });

  r = route('/withdraw', recruiter);
  app.post(r.path, r.options, (request, reply) => {
    const id = (request.params as { applicationId: string }).applicationId;
    return act(request, reply, id, 'withdraw', withdrawBody, (f) => ({ reason: optional(f.reason) }), (body) => runMutation(db, request, 200, (tx) => closeApplication(tx, request.staff, id, 'withdrawn', body.reason)), '#timeline');
  });

  r = route('/interviews', recruiter);
  app.post(r.path, r.options, (request, reply) => {
    const id = (request.params as { applicationId: string }).applicationId;
    const input = (f: FormValues) => ({ stepId: optional(f.stepId) ?? null, adHocName: optional(f.adHocName), interviewerIds: many(f.interviewerIds), startsAt: utc(f.startsAt), endsAt: utc(f.endsAt) });
    return act(request, reply, id, 'schedule', scheduleInterviewBody, input, (body) => runMutation(db, request, 201, (tx) => scheduleInterview(tx, request.staff, id, body)), '#schedule');
  });

  r = route('/candidate-links', recruiter);
  app.post(r.path, r.options, async (request, reply) => {
    const id = (request.params as { applicationId: string }).applicationId;
    const values = formOf(request.body);
    const parsed = linkBody.safeParse({ expiresInDays: numeric(values.expiresInDays) ?? 14 });
    if (!parsed.success) return showApplication(request, reply, id, { errors: scoped('link', parsed.error.issues), failed: { form: 'link', values } }, 400);
    try {
      const { body } = await runMutation(db, request, 201, (tx) => createCandidateLink(tx, deps.config, request.staff, id, parsed.data.expiresInDays));
      // The URL holds the token: it is shown in this answer only, never stored for a later page.
      return await showApplication(request, reply, id, { createdLink: { url: body.url, expiresAt: body.expiresAt } }, 201);
    } catch (error) {
      const { errors, status } = refusalOf(error, 'link');
      return showApplication(request, reply, id, { errors, failed: { form: 'link', values } }, status);
    }
  });

  app.post(
    '/app/applications/:applicationId/candidate-links/:linkId/revoke',
    { preHandler: recruiter, config: page, schema: { ...hide, params: z.object({ applicationId: z.uuid(), linkId: z.uuid() }) } },
    (request, reply) => {
      const { applicationId, linkId } = request.params;
      return act(request, reply, applicationId, 'link', z.object({}), () => ({}), () => runMutation(db, request, 204, (tx) => revokeCandidateLink(tx, request.staff, applicationId, linkId)), '#candidate-link');
    },
  );

  r = route('/outcomes', recruiter);
  app.post(r.path, r.options, (request, reply) => {
    const id = (request.params as { applicationId: string }).applicationId;
    // One number per metric, "attainment.<metricId>"; a blank one is not recorded.
    const input = (f: FormValues) => ({
      outcomes: Object.keys(f)
        .filter((k) => k.startsWith('attainment.') && one(f[k]).trim() !== '')
        .map((k) => ({ metricId: k.slice('attainment.'.length), attainment: numeric(f[k]) })),
    });
    return act(request, reply, id, 'outcomes', outcomesBody, input, (body) => runMutation(db, request, 201, (tx) => recordOutcomes(tx, request.staff, id, body)), '#outcomes');
  });

}
