import { z } from 'zod';
import { badRequest, forbidden } from '../errors.js';
import { dateTime, errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, staffOnly, staffSecurity } from '../plugins/auth.js';
import { refreshStaleFlags } from '../synthesis/load.js';
import { exportStream } from './export.js';
import { funnelReport } from './funnel.js';

export const filterQuery = {
  roleId: z.uuid().optional(),
  from: dateTime.optional().describe('Cohort: applications created at or after this time.'),
  to: dateTime.optional().describe('Cohort: applications created before this time.'),
};

const stepSchema = z.object({
  stepId: z.uuid(),
  stepName: z.string(),
  position: z.number().int(),
  entered: z.number().int(),
  passed: z.number().int(),
  rejected: z.number().int(),
  withdrawn: z.number().int(),
  movedBack: z.number().int(),
  inProgress: z.number().int(),
  passThroughRate: z.number().nullable(),
  medianHoursInStep: z.number().nullable(),
  p90HoursInStep: z.number().nullable(),
});

const funnelSchema = z.object({
  roles: z.array(
    z.object({
      roleId: z.uuid(),
      roleTitle: z.string(),
      applications: z.number().int(),
      hires: z.number().int(),
      medianTimeToDecisionHours: z.number().nullable().describe('Last submitted scorecard → first decision.'),
      interviewsPerHire: z.number().nullable(),
      scorecardCompletionRate: z.number().nullable().describe('Submitted scorecards over interviewer slots of interviews that have ended.'),
      medianScorecardLatenessHours: z.number().nullable(),
      lateScorecards: z.number().int(),
      flagCounts: z.record(z.string(), z.number().int()),
      steps: z.array(stepSchema),
    }),
  ),
});

export function filterOf(orgId: string, q: { roleId?: string; from?: string; to?: string }) {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from >= to) throw badRequest('from must be before to.', [{ path: 'querystring.from', message: 'must be before to' }]);
  return { orgId, roleId: q.roleId, from, to };
}

export async function analyticsRoutes(app: App, { database, db, config, synthesis }: Deps) {
  const recruiters = staffOnly(app, 'recruiter');

  app.get(
    '/analytics/funnel',
    {
      preHandler: recruiters,
      schema: { tags: ['analytics'], summary: 'Funnel per role and step, decision speed, scorecard completion, flag counts', security: staffSecurity, querystring: z.object(filterQuery), response: { 200: funnelSchema, ...errorResponses } },
    },
    async (request) => {
      const filter = filterOf(request.staff.orgId, request.query);
      await refreshStaleFlags(db, filter.orgId, filter.roleId, synthesis);
      return funnelReport(database, filter, config.lateFeedbackHours);
    },
  );

  app.get(
    '/exports/funnel',
    {
      preHandler: recruiters,
      schema: {
        tags: ['analytics'],
        summary: 'Export one row per application per step visit, streamed as CSV or NDJSON',
        description: 'Anonymized by default (application ids, no names, emails or free text); pii=true adds the candidate’s name and email, for admins only.',
        security: staffSecurity,
        querystring: z.object({ ...filterQuery, format: z.enum(['csv', 'ndjson']).default('csv'), pii: z.enum(['true', 'false']).default('false'), bom: z.enum(['true', 'false']).default('false').describe('CSV only: start with a UTF-8 byte order mark (for Excel).') }),
        response: { 200: z.string().describe('text/csv or application/x-ndjson'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const pii = request.query.pii === 'true';
      if (pii && !hasPermission(request.staff, 'admin')) throw forbidden('Exports with personal data are for admins only.');
      const filter = filterOf(request.staff.orgId, request.query);
      await refreshStaleFlags(db, filter.orgId, filter.roleId, synthesis);
      const body = exportStream(database, filter, { format, pii, bom: request.query.bom === 'true' });
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="funnel-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}"`)
        // A stream goes out as is; the string schema above only documents the body for OpenAPI.
        .send(body as unknown as string);
    },
  );
}
