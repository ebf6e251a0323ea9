// A generated Greenhouse v1 history large enough to go through several batches, the pipelined
// writes and the calibration refreshes that run while later batches are written.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { rebuildRoleCalibrationRatings } from '../../src/calibration/store.js';

const LABELS = ['definitely_not', 'no', 'mixed', 'yes', 'strong_yes', 'no_decision'];

/** `applications` applications of one job with four scorecards each (three attributes), NDJSON. */
export function largeHistory(applications: number, { reviseEvery = 0 } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-large-'));
  const lines = (n: number, line: (i: number) => unknown) => Array.from({ length: n }, (_, i) => JSON.stringify(line(i))).join('\n') + '\n';
  writeFileSync(join(dir, 'applications.ndjson'), lines(applications, (i) => ({ id: 5000 + i, candidate_id: 9000 + i, status: 'active', jobs: [{ id: 77, name: 'Generated job' }] })));
  writeFileSync(
    join(dir, 'scorecards.ndjson'),
    lines(applications * 4, (i) => {
      const rater = (i * 7) % 40;
      const revised = reviseEvery > 0 && i % reviseEvery === 0;
      return {
        id: 70_000 + i,
        application_id: 5000 + Math.floor(i / 4),
        interview_step: { id: 1 + (i % 4), name: `Step ${i % 4}` },
        submitted_at: '2024-02-01T12:00:00Z',
        interviewer: { id: 300 + rater, name: `Rater ${rater}` },
        overall_recommendation: 'yes',
        attributes: ['Design', 'Coding', 'Testing'].map((name, a) => ({ name, type: 'Skills', note: `<p>seen ${a}</p>`, rating: LABELS[(i + a + rater + (revised ? 1 : 0)) % 6] })),
        questions: [],
      };
    }),
  );
  return dir;
}

/** The organization's calibration rows, in a stable order, as plain values. */
export async function calibrationRows(db: Db, orgId: string) {
  const result = (await db.execute(sql`
    select criterion_id, application_id, interviewer_id, rating, co_raters, co_total, co_levels, panel
    from calibration_ratings where org_id = ${orgId} order by criterion_id, application_id, interviewer_id`)) as unknown as { rows: unknown[] };
  return JSON.parse(JSON.stringify(result.rows)) as unknown[];
}

/** The rows a from-scratch rebuild of the role gives, for comparison. */
export async function rebuiltRows(db: Db, orgId: string, roleId: string) {
  await db.execute(sql`delete from calibration_ratings where role_id = ${roleId}`);
  await rebuildRoleCalibrationRatings(db, roleId);
  return calibrationRows(db, orgId);
}
