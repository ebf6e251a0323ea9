// Calibration pages: a role's reliability and leniency as charts with tables
// (/app/roles/:roleId/calibration) and an interviewer's own figures and exercises
// (/app/me/calibration), from the same use cases as the calibration API routes.
import { z } from 'zod';
import { Problem } from '../errors.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission } from '../plugins/auth.js';
import { barChart, intervalChart } from '../pages/charts.js';
import { formatNumber, formatTime } from '../pages/format.js';
import { errorSummary, fieldErrors, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { csrfField, layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { userNames } from '../users/queries.js';
import { responsesBody } from './exercise-routes.js';
import { exercisesOfInterviewer, exercisesOfRole } from './exercises.js';
import { exerciseView, interviewerCalibrationFor, respondToExercise, roleCalibrationFor } from './usecases.js';

type RoleReport = Awaited<ReturnType<typeof roleCalibrationFor>>['report'];
type Exercise = Awaited<ReturnType<typeof exerciseView>>;
type Mine = Awaited<ReturnType<typeof interviewerCalibrationFor>>;

const n2 = (v: number | null) => formatNumber(v, 3);
const reliability = (v: number | null) => (v === null ? html`<span class="tag">not computable</span>` : v >= 0.8 ? html`<span class="tag good">reliable (≥ .800)</span>` : v >= 0.667 ? html`<span class="tag warn">tentative (.667–.800)</span>` : html`<span class="tag bad">unreliable (&lt; .667)</span>`);
const excludesZero = (low: number | null, high: number | null) => low !== null && high !== null && (low > 0 || high < 0);

function leniencyTable(rows: { label: string; n: number; mean: number | null; low: number | null; high: number | null; reason: string | null }[], caption: string, first = 'Interviewer') {
  return html`<div class="table-wrap"><table><caption>${caption}</caption><thead><tr><th scope="col">${first}</th><th scope="col">Ratings</th><th scope="col">Leniency</th><th scope="col">95% interval</th><th scope="col">Reading</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.n}</td><td>${n2(r.mean)}</td><td>${r.low === null ? '–' : html`${n2(r.low)} to ${n2(r.high)}`}</td><td>${r.mean === null ? r.reason ?? '–' : excludesZero(r.low, r.high) ? html`<span class="tag warn">${r.low! > 0 ? 'rates higher than co-panelists' : 'rates lower than co-panelists'}</span>` : 'within the panel'}</td></tr>`)}</tbody></table></div>`;
}

export function roleCalibrationPage(props: { viewer: Viewer; role: { id: string; title: string }; report: RoleReport; names: Map<string, string>; exercises: Exercise[] | null }): SafeHtml {
  const { report, role, names } = props;
  const name = (id: string) => names.get(id) ?? 'Former user';
  const criteria = report.criteria;
  const body = html`<h1>Calibration: ${role.title}</h1>
<p class="hint">Agreement is read against two lines: .800 (reliable) and .667 (the lowest for tentative conclusions). Units are the applications rated on the criterion.</p>
${props.viewer.permissions.some((p) => p === 'admin' || p === 'recruiter') ? html`<p><a href="/app/roles/${role.id}/funnel">Funnel of this role</a></p>` : ''}
<h2>Agreement per criterion</h2>
${criteria.length === 0
  ? html`<p>This role has no criteria yet.</p>`
  : html`${barChart({
      title: `Krippendorff’s alpha (ordinal) and ICC(2,1) per criterion of ${role.title}, against the .667 and .800 lines`,
      rows: criteria.map((c) => ({ label: c.name, values: [c.alpha.ordinal === null ? null : Math.max(0, c.alpha.ordinal), c.icc.icc21 === null ? null : Math.max(0, c.icc.icc21)] })),
      series: [
        { label: 'Alpha (ordinal)', className: 's1' },
        { label: 'ICC(2,1)', className: 's2' },
      ],
      max: 1,
      lines: [
        { at: 0.667, label: '.667' },
        { at: 0.8, label: '.800' },
      ],
    })}
<div class="table-wrap"><table id="agreement-table"><caption>Agreement per criterion</caption><thead><tr><th scope="col">Criterion</th><th scope="col">Units</th><th scope="col">Ratings</th><th scope="col">Alpha (ordinal)</th><th scope="col">ICC(2,1)</th><th scope="col">Reading</th></tr></thead>
<tbody>${criteria.map((c) => html`<tr><th scope="row">${c.name}</th><td>${c.units}</td><td>${c.ratings}</td><td>${n2(c.alpha.ordinal)}${c.alpha.ordinal === null && c.alphaReasons?.ordinal ? html`<br><span class="hint">${c.alphaReasons.ordinal}</span>` : ''}</td><td>${n2(c.icc.icc21)}${c.icc.icc21 === null && c.iccReasons?.icc21 ? html`<br><span class="hint">${c.iccReasons.icc21}</span>` : ''}</td><td>${reliability(c.alpha.ordinal)}</td></tr>`)}</tbody></table></div>`}
<h2>Leniency per interviewer</h2>
<p class="hint">Each dot is how far an interviewer rates above (right) or below (left) co-panelists on the same criterion of the same application, in scale levels, with its 95% interval. An interval that does not cross the zero line is a consistent difference.</p>
${report.interviewers.length === 0
  ? html`<p>No interviewer has rated an application of this role yet.</p>`
  : html`${intervalChart({ title: `Leniency with 95% intervals per interviewer of ${role.title}`, rows: report.interviewers.map((i) => ({ label: name(i.userId), value: i.leniency.mean, low: i.leniency.low, high: i.leniency.high })) })}
${leniencyTable(report.interviewers.map((i) => ({ label: name(i.userId), n: i.n, mean: i.leniency.mean, low: i.leniency.low, high: i.leniency.high, reason: i.leniencyReason })), 'Leniency per interviewer')}`}
<h2>Rating distributions</h2>
${criteria.map((c) => {
  const levels = Object.keys(c.distribution).sort((a, b) => Number(a) - Number(b));
  return html`<h3>${c.name}</h3>${levels.length === 0
    ? html`<p>No ratings yet.</p>`
    : html`${barChart({ title: `Ratings of ${c.name} per level`, rows: levels.map((l) => ({ label: `Level ${l}`, values: [c.distribution[l]!] })), series: [{ label: 'Ratings', className: 's1' }] })}
<div class="table-wrap"><table><caption>Ratings of ${c.name} per level</caption><thead><tr><th scope="col">Level</th><th scope="col">Ratings</th></tr></thead><tbody>${levels.map((l) => html`<tr><th scope="row">${l}</th><td>${c.distribution[l]}</td></tr>`)}</tbody></table></div>`}`;
})}
<h2>Calibration exercises</h2>
${props.exercises === null
  ? html`<p>Exercise results are shown to recruiters.</p>`
  : props.exercises.length === 0
    ? html`<p>No calibration exercise uses this role yet.</p>`
    : html`<div class="table-wrap"><table><caption>Exercises of this role</caption><thead><tr><th scope="col">Exercise</th><th scope="col">Created</th><th scope="col">Items</th><th scope="col">Interviewers</th><th scope="col">Calibrated</th></tr></thead>
<tbody>${props.exercises.map((e) => html`<tr><th scope="row">${e.title}</th><td>${formatTime(e.createdAt)}</td><td>${e.items.length}</td><td>${e.interviewerIds.length}</td><td>${e.report.filter((r) => r.calibrated).length} of ${e.interviewerIds.length}</td></tr>`)}</tbody></table></div>`}`;
  return layout({ title: `Calibration: ${role.title}`, viewer: props.viewer, body });
}

export function myCalibrationPage(props: { viewer: Viewer; mine: Mine; exercises: Exercise[]; errors?: { exerciseId: string; errors: FieldErrors; values: Record<string, string> } }): SafeHtml {
  const { mine } = props;
  const drift = mine.drift;
  const formError = props.errors?.errors.form;
  const body = html`<h1>My calibration</h1>
${formError ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2><p>${formError}</p></div>` : ''}
<h2>My leniency</h2>
<p>${mine.leniency.mean === null
    ? html`Not enough shared ratings yet: ${mine.leniencyReason ?? 'no co-panelist rated the same criterion'}.`
    : html`You rate <strong>${n2(mine.leniency.mean)}</strong> levels ${mine.leniency.mean >= 0 ? 'above' : 'below'} your co-panelists on average (95% interval ${n2(mine.leniency.low)} to ${n2(mine.leniency.high)}, ${mine.n} ratings)${excludesZero(mine.leniency.low, mine.leniency.high) ? ': a consistent difference' : ': within the panel'}.`}</p>
<dl class="facts"><dt>Scorecards</dt><dd>${mine.scorecards}</dd><dt>Criteria rated with evidence</dt><dd>${mine.focusAdherence === null ? '–' : `${Math.round(mine.focusAdherence * 100)}%`}</dd><dt>Median hours to submit</dt><dd>${formatNumber(mine.medianLatenessHours, 1)}</dd><dt>Late scorecards</dt><dd>${mine.lateScorecards}</dd></dl>
<h2>Drift by quarter</h2>
${drift.length === 0
  ? html`<p>No quarter with shared ratings yet.</p>`
  : html`${intervalChart({ title: 'My leniency per quarter with 95% intervals', rows: drift.map((q) => ({ label: q.quarter, value: q.mean, low: q.low, high: q.high })) })}
${leniencyTable(drift.map((q) => ({ label: q.quarter, n: q.n, mean: q.mean, low: q.low, high: q.high, reason: 'too few ratings' })), 'My leniency per quarter', 'Quarter')}`}
<h2>Calibration exercises</h2>
${props.exercises.length === 0 ? html`<p>No exercise names you.</p>` : props.exercises.map((e) => exerciseBlock(props.viewer, e, props.errors?.exerciseId === e.id ? props.errors : undefined))}`;
  return layout({ title: 'My calibration', viewer: props.viewer, body });
}

function exerciseBlock(viewer: Viewer, e: Exercise, failed?: { errors: FieldErrors; values: Record<string, string> }) {
  const mine = e.report[0];
  if (mine) {
    return html`<section class="card" aria-labelledby="ex-${e.id}"><h3 id="ex-${e.id}">${e.title}</h3>
<p>Rated: ${mine.itemsRated} of ${mine.itemsTotal}. ${mine.calibrated ? html`<span class="tag good">Calibrated</span>` : html`<span class="tag warn">Not yet calibrated</span>`} (within one level of the reference on ${mine.withinOneLevelShare === null ? '–' : `${Math.round(mine.withinOneLevelShare * 100)}%`} of items)</p>
<div class="table-wrap"><table><caption>Your ratings against the reference</caption><thead><tr><th scope="col">Criterion</th><th scope="col">Items</th><th scope="col">Mean difference</th></tr></thead><tbody>${mine.byCriterion.map((c) => html`<tr><th scope="row">${c.criterionName}</th><td>${c.items}</td><td>${formatNumber(c.meanDeviation, 2)}</td></tr>`)}</tbody></table></div></section>`;
  }
  const errors = Object.fromEntries(Object.entries(failed?.errors ?? {}).filter(([k]) => k !== 'form'));
  return html`<section class="card" aria-labelledby="ex-${e.id}"><h3 id="ex-${e.id}">${e.title}</h3>
<p class="hint">Rate each sample blind: the reference ratings appear once you have rated every item. Ratings are final.</p>
<form method="post" action="/app/me/calibration/exercises/${e.id}">${csrfField(viewer)}
${errorSummary(errors, Object.fromEntries(Object.keys(errors).map((k) => [k, `ex-${e.id}-${k}`])))}
${e.items.map((item, i) => html`<fieldset id="ex-${e.id}-item-${i}" class="${errors[`item-${i}`] ? 'has-error' : ''}"><legend>${i + 1}. ${item.criterionName}</legend>
<blockquote class="evidence">${item.evidence}</blockquote>
${errors[`item-${i}`] ? html`<p class="field-error"><span class="visually-hidden">Error:</span> ${errors[`item-${i}`]}</p>` : ''}
${e.scale.map((s) => html`<div class="choice"><input type="radio" id="r-${item.id}-${s.level}" name="rating-${item.id}" value="${s.level}"${failed?.values[`rating-${item.id}`] === String(s.level) ? html` checked` : ''}><label for="r-${item.id}-${s.level}">${s.level}. ${s.label}</label></div>`)}
</fieldset>`)}
<button type="submit">Submit ratings</button></form></section>`;
}

async function exercisesFor(db: Deps['db'], orgId: string, userId: string) {
  const ids = await exercisesOfInterviewer(db, orgId, userId);
  return Promise.all(ids.map((r) => exerciseView(db, orgId, r.id, { userId, seesAll: false })));
}

export async function calibrationPages(app: App, deps: Deps) {
  const { db, config } = deps;
  const page = { page: true } as const;

  app.get('/app/roles/:roleId/calibration', { preHandler: pageFor(app), config: page, schema: { hide: true, params: z.object({ roleId: z.uuid() }) } }, async (request, reply) => {
    const { staff } = request;
    const { role, report } = await roleCalibrationFor(db, staff, request.params.roleId, config.lateFeedbackHours);
    const recruiter = hasPermission(staff, 'recruiter');
    const [viewer, names, exercises] = await Promise.all([
      viewerOf(deps, request),
      userNames(db, staff.orgId, report.interviewers.map((i) => i.userId)),
      recruiter ? exercisesOfRole(db, staff.orgId, role.id).then((rows) => Promise.all(rows.map((e) => exerciseView(db, staff.orgId, e.id, { userId: staff.userId, seesAll: true })))) : Promise.resolve(null),
    ]);
    return sendPage(reply, roleCalibrationPage({ viewer, role, report, names, exercises }));
  });

  app.get('/app/me/calibration', { preHandler: pageFor(app, 'interviewer'), config: page, schema: { hide: true } }, async (request, reply) => {
    const { staff } = request;
    const [viewer, mine, exercises] = await Promise.all([viewerOf(deps, request), interviewerCalibrationFor(db, staff, staff.userId, config.lateFeedbackHours), exercisesFor(db, staff.orgId, staff.userId)]);
    return sendPage(reply, myCalibrationPage({ viewer, mine, exercises }));
  });

  app.post(
    '/app/me/calibration/exercises/:exerciseId',
    { preHandler: pageFor(app, 'interviewer'), config: page, schema: { hide: true, params: z.object({ exerciseId: z.uuid() }), body: z.record(z.string(), z.union([z.string(), z.array(z.string())])) } },
    async (request, reply) => {
      const { staff } = request;
      const { exerciseId } = request.params;
      // Visible exercise first: a stranger gets the API's 404 before any validation message.
      const exercise = await exerciseView(db, staff.orgId, exerciseId, { userId: staff.userId, seesAll: false });
      const values = Object.fromEntries(Object.entries(request.body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
      const ratings = exercise.items.flatMap((item) => (values[`rating-${item.id}`] ? [{ itemId: item.id, rating: Number(values[`rating-${item.id}`]) }] : []));
      const rerender = async (errors: FieldErrors) => {
        const [viewer, mine, exercises] = await Promise.all([viewerOf(deps, request), interviewerCalibrationFor(db, staff, staff.userId, config.lateFeedbackHours), exercisesFor(db, staff.orgId, staff.userId)]);
        return sendPage(reply, myCalibrationPage({ viewer, mine, exercises, errors: { exerciseId, errors, values } }), 400);
      };
      const missing = exercise.items.flatMap((item, i) => (values[`rating-${item.id}`] ? [] : [[`item-${i}`, `Choose a rating for item ${i + 1}`] as const]));
      const parsed = responsesBody.safeParse({ ratings });
      if (!parsed.success) return rerender(missing.length ? Object.fromEntries(missing) : fieldErrors(parsed.error));
      try {
        await respondToExercise(db, request, exerciseId, parsed.data.ratings);
      } catch (error) {
        if (error instanceof Problem && (error.status === 409 || error.status === 422)) return rerender({ form: error.detail });
        throw error;
      }
      return reply.redirect('/app/me/calibration', 303);
    },
  );
}
