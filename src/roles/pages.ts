// The recruiter's role pages: list, create (blank or from a template), and the role's design.
// Every form posts here, is parsed with the API's own schema, and runs the API's use case.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import type { App, Deps } from '../http/types.js';
import { toPage } from '../http/pagination.js';
import { cleared, formOf, many, numeric, one, optional, refusalOf, scoped, seeOther, type FormValues } from '../pages/fields.js';
import type { FieldErrors } from '../pages/forms.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { runMutation } from '../plugins/idempotency.js';
import { readsAllRoles } from './access.js';
import { addCriterion, addMetric, addStep, changeDesign, type DesignWork, deleteCriterion, deleteMetric, deleteStep, setAssignments, updateCriterion, updateMetric, updateStep } from './design.js';
import { loadTemplates } from '../rubrics/templates.js';
import { rolePageData, peopleOf } from './page-data.js';
import { listRoles, toRole } from './queries.js';
import { assignmentsBody, createRoleBody, criterionBody, metricBody, stepBody, updateCriterionBody, updateMetricBody, updateRoleBody, updateStepBody } from './schemas.js';
import { changeRole, closeRole, createRole, createRoleFromTemplate, openRole } from './usecases.js';
import { rolesPage } from './views/list.js';
import { newRolePage } from './views/new.js';
import { rolePage } from './views/role.js';

const page = { page: true } as const;
const hide = { hide: true } as const;
const roleParams = z.object({ roleId: z.uuid() });

// Form fields → the API's JSON bodies.
const roleInput = (f: FormValues) => ({ title: one(f.title), level: optional(f.level), team: optional(f.team), hiringStatement: optional(f.hiringStatement), decisionOwnerId: optional(f.decisionOwnerId) });
/** The role's edit form: an emptied level, team or statement is cleared; the decision owner is only ever replaced. */
const roleChanges = (f: FormValues) => ({ ...roleInput(f), level: cleared(f.level), team: cleared(f.team), hiringStatement: cleared(f.hiringStatement) });
const metricInput = (f: FormValues) => ({ name: one(f.name), description: optional(f.description), measurement: one(f.measurement), target: one(f.target), horizonDays: numeric(f.horizonDays) });
const metricChanges = (f: FormValues) => ({ ...metricInput(f), description: cleared(f.description) });
const criterionInput = (f: FormValues) => ({
  name: one(f.name),
  description: one(f.description),
  anchors: many(f.anchors),
  metricIds: many(f.metricIds),
  weight: numeric(f.weight) ?? 1,
  mustHave: one(f.mustHave) === 'true',
  bar: numeric(f.bar),
});
const stepInput = (f: FormValues) => ({ name: one(f.name), kind: one(f.kind), briefing: optional(f.briefing) });
const stepChanges = (f: FormValues) => ({ ...stepInput(f), briefing: cleared(f.briefing) });
/** The matrix: "member" checkboxes name who is in the step, "assign" ones "<interviewer>:<criterion>". */
function assignmentsInput(f: FormValues) {
  const pairs = many(f.assign).map((v) => v.split(':') as [string, string]);
  const ids = [...new Set([...many(f.member), ...pairs.map(([i]) => i)])];
  return ids.map((interviewerId) => ({ interviewerId, criterionIds: pairs.filter(([i]) => i === interviewerId).map(([, c]) => c) }));
}

export async function rolePages(app: App, deps: Deps) {
  const { db } = deps;
  const templates = loadTemplates();
  const staff = pageFor(app);
  const recruiter = pageFor(app, 'recruiter');

  const showRole = async (request: FastifyRequest, reply: FastifyReply, roleId: string, errors: FieldErrors = {}, failed?: { form: string; values: FormValues }, status = 200) => {
    const [viewer, data] = await Promise.all([viewerOf(deps, request), rolePageData(db, request.staff, roleId)]);
    return sendPage(reply, rolePage({ viewer, ...data, errors, failed }), status);
  };

  /** Parses a form with the API's schema, runs the use case, and answers 303, or the page with the errors beside the fields. */
  async function submit<S extends z.ZodType, T>(
    request: FastifyRequest,
    reply: FastifyReply,
    roleId: string,
    form: string,
    schema: S,
    input: (f: FormValues) => unknown,
    run: (body: z.infer<S>) => Promise<T>,
    anchor: string,
  ) {
    const values = formOf(request.body);
    const parsed = schema.safeParse(input(values));
    if (!parsed.success) return showRole(request, reply, roleId, scoped(form, parsed.error.issues), { form, values }, 400);
    try {
      await run(parsed.data);
    } catch (error) {
      const { errors, status } = refusalOf(error, form);
      return showRole(request, reply, roleId, errors, { form, values }, status);
    }
    return seeOther(reply, `/app/roles/${roleId}${anchor}`);
  }
  const design = <T>(request: FastifyRequest, roleId: string, status: number, work: Parameters<typeof changeDesign<T>>[4]) => changeDesign(deps, request, status, roleId, work);

  app.get('/app/roles', { preHandler: staff, config: page, schema: { ...hide, querystring: z.object({ cursor: z.uuid().optional() }) } }, async (request, reply) => {
    const who = request.staff;
    const limit = 100;
    const rows = toPage(await listRoles(db, who.orgId, { limit, after: request.query.cursor }, readsAllRoles(who) ? undefined : who.userId), limit);
    return sendPage(reply, rolesPage({ viewer: await viewerOf(deps, request), roles: rows.items.map(toRole), canCreate: who.permissions.includes('recruiter') || who.permissions.includes('admin'), nextCursor: rows.nextCursor }));
  });

  const templateList = [...templates].map(([name, rubric]) => ({ name, title: rubric.role.title }));
  const showNew = async (request: FastifyRequest, reply: FastifyReply, values?: FormValues, errors?: FieldErrors, status = 200) =>
    sendPage(reply, newRolePage({ viewer: await viewerOf(deps, request), templates: templateList, people: await peopleOf(db, request.staff.orgId), values, errors }), status);

  app.get('/app/roles/new', { preHandler: recruiter, config: page, schema: hide }, (request, reply) => showNew(request, reply));

  app.post('/app/roles/new', { preHandler: recruiter, config: page, schema: hide }, async (request, reply) => {
    const values = formOf(request.body);
    const parsed = createRoleBody.safeParse(roleInput(values));
    if (!parsed.success) return showNew(request, reply, values, scoped('role', parsed.error.issues), 400);
    try {
      const { body } = await runMutation(db, request, 201, (tx) => createRole(tx, request.staff, parsed.data));
      return seeOther(reply, `/app/roles/${body.id}`);
    } catch (error) {
      const { errors, status } = refusalOf(error, 'role');
      return showNew(request, reply, values, errors, status);
    }
  });

  app.post('/app/roles/from-template', { preHandler: recruiter, config: page, schema: hide }, async (request, reply) => {
    const values = formOf(request.body);
    const name = one(values.template);
    const rubric = templates.get(name);
    const owner = optional(values.decisionOwnerId);
    const kept = { template: name, templateDecisionOwnerId: owner ?? '' };
    if (!rubric) return showNew(request, reply, kept, { 'template.template': 'Choose one of the templates' }, 400);
    if (owner !== undefined && !z.uuid().safeParse(owner).success) return showNew(request, reply, kept, { 'template.decisionOwnerId': 'Choose a decision owner from the list' }, 400);
    try {
      const { body } = await runMutation(db, request, 201, (tx: Tx) => createRoleFromTemplate(tx, request.staff, rubric, name, { decisionOwnerId: owner }));
      return seeOther(reply, `/app/roles/${body.id}`);
    } catch (error) {
      const { errors, status } = refusalOf(error, 'template');
      return showNew(request, reply, kept, errors, status);
    }
  });

  app.get('/app/roles/:roleId', { preHandler: staff, config: page, schema: { ...hide, params: roleParams } }, (request, reply) => showRole(request, reply, request.params.roleId));

  app.post('/app/roles/:roleId', { preHandler: recruiter, config: page, schema: { ...hide, params: roleParams } }, (request, reply) => {
    const { roleId } = request.params;
    return submit(request, reply, roleId, 'role', updateRoleBody, roleChanges, (body) => runMutation(db, request, 200, (tx) => changeRole(tx, request.staff, roleId, body)), '#about');
  });

  app.post('/app/roles/:roleId/open', { preHandler: recruiter, config: page, schema: { ...hide, params: roleParams } }, (request, reply) =>
    submit(request, reply, request.params.roleId, 'open', z.object({}), () => ({}), () => runMutation(db, request, 200, (tx) => openRole(tx, request.staff, request.params.roleId)), ''),
  );
  app.post('/app/roles/:roleId/close', { preHandler: recruiter, config: page, schema: { ...hide, params: roleParams } }, (request, reply) =>
    submit(request, reply, request.params.roleId, 'close', z.object({}), () => ({}), () => runMutation(db, request, 200, (tx) => closeRole(tx, request.staff, request.params.roleId)), ''),
  );

  /**
   * The role's collections (metrics, criteria, steps) each get the same three forms: add, edit
   * and delete, every one through the design use case the API's routes call.
   */
  const collection = <Add extends z.ZodType, Update extends z.ZodType, Row>(
    path: string,
    anchor: string,
    param: string,
    bodies: { add: Add; update: Update },
    inputs: { add: (f: FormValues) => unknown; update: (f: FormValues) => unknown },
    work: { add: (body: z.infer<Add>) => DesignWork<Row>; update: (id: string, body: z.infer<Update>) => DesignWork<Row>; remove: (id: string) => DesignWork<unknown> },
  ) => {
    const itemParams = z.object({ roleId: z.uuid(), [param]: z.uuid() });
    const idOf = (params: unknown) => (params as Record<string, string>)[param]!;
    app.post(`/app/roles/:roleId/${path}`, { preHandler: recruiter, config: page, schema: { ...hide, params: roleParams } }, (request, reply) =>
      submit(request, reply, request.params.roleId, `${anchor}-new`, bodies.add, inputs.add, (body) => design(request, request.params.roleId, 201, work.add(body as z.infer<Add>)), `#${path}`),
    );
    app.post(`/app/roles/:roleId/${path}/:${param}`, { preHandler: recruiter, config: page, schema: { ...hide, params: itemParams } }, (request, reply) => {
      const { roleId } = request.params as { roleId: string };
      const id = idOf(request.params);
      return submit(request, reply, roleId, `${anchor}-${id}`, bodies.update, inputs.update, (body) => design(request, roleId, 200, work.update(id, body as z.infer<Update>)), `#${anchor}-${id}`);
    });
    app.post(`/app/roles/:roleId/${path}/:${param}/delete`, { preHandler: recruiter, config: page, schema: { ...hide, params: itemParams } }, (request, reply) => {
      const { roleId } = request.params as { roleId: string };
      const id = idOf(request.params);
      return submit(request, reply, roleId, `${anchor}-${id}`, z.object({}), () => ({}), () => design(request, roleId, 204, work.remove(id)), `#${path}`);
    });
  };

  collection('metrics', 'metric', 'metricId', { add: metricBody, update: updateMetricBody }, { add: metricInput, update: metricChanges }, { add: addMetric, update: updateMetric, remove: deleteMetric });
  collection('criteria', 'criterion', 'criterionId', { add: criterionBody, update: updateCriterionBody }, { add: criterionInput, update: criterionInput }, { add: addCriterion, update: updateCriterion, remove: deleteCriterion });
  collection('steps', 'step', 'stepId', { add: stepBody, update: updateStepBody }, { add: stepInput, update: stepChanges }, { add: addStep, update: updateStep, remove: deleteStep });

  const stepParams = z.object({ roleId: z.uuid(), stepId: z.uuid() });
  app.post('/app/roles/:roleId/steps/:stepId/assignments', { preHandler: recruiter, config: page, schema: { ...hide, params: stepParams } }, (request, reply) => {
    const { roleId, stepId } = request.params;
    return submit(request, reply, roleId, `matrix-${stepId}`, assignmentsBody, assignmentsInput, (body) => design(request, roleId, 200, setAssignments(stepId, body)), `#step-${stepId}`);
  });
}
