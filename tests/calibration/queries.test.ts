// The role report's aggregates are written for speed (grouped counts, the ICC panel's rows fetched
// through their raters); here they are held to their plain one-statement definitions over a role
// with panels of every size, partial panels and tied panel counts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criterionCounts, iccPanels, type CalibrationScope } from '../../src/calibration/queries.js';
import type { Queryable } from '../../src/db/client.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';

const rowsOf = async <T>(db: Queryable, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The definitions, as the report computed them before: sums of fractions per rating, and a join back to the table. */
async function referenceCounts(db: Queryable, scope: Required<Pick<CalibrationScope, 'orgId' | 'roleId'>>) {
  const levels = [1, 2, 3, 4, 5, 6, 7];
  const result = await rowsOf<Record<string, string | number>>(
    db,
    sql`select c.criterion_id, c.rating, count(*) as n, sum(1.0 / (c.co_raters + 1))::float8 as units,
          ${sql.raw(levels.map((k) => `coalesce(sum(c.co_levels[${k}]::float8 / c.co_raters) filter (where c.co_raters > 0), 0) as o${k}`).join(', '))}
        from calibration_ratings c where c.org_id = ${scope.orgId} and c.role_id = ${scope.roleId}
        group by c.criterion_id, c.rating`,
  );
  const byCriterion = new Map<string, { units: number; ratings: number; distribution: Record<string, number>; coincidences: { c: number; k: number; o: number }[] }>();
  for (const r of result) {
    const counts = byCriterion.get(String(r.criterion_id)) ?? { units: 0, ratings: 0, distribution: {}, coincidences: [] };
    byCriterion.set(String(r.criterion_id), counts);
    counts.ratings += Number(r.n);
    counts.units += Number(r.units);
    counts.distribution[String(r.rating)] = Number(r.n);
    for (const k of levels) if (Number(r[`o${k}`]) > 0) counts.coincidences.push({ c: Number(r.rating), k, o: Number(r[`o${k}`]) });
  }
  return byCriterion;
}

async function referencePanels(db: Queryable, scope: Required<Pick<CalibrationScope, 'orgId' | 'roleId'>>) {
  return rowsOf<{ criterion_id: string; application_id: string; interviewer_id: string; rating: number }>(
    db,
    sql`with best as (
          select distinct on (criterion_id) criterion_id, panel
          from (
            select c.criterion_id, c.panel, count(*) / cardinality(c.panel) as units
            from calibration_ratings c where c.org_id = ${scope.orgId} and c.role_id = ${scope.roleId} and c.co_raters > 0
            group by c.criterion_id, c.panel
          ) s
          order by criterion_id, units desc, cardinality(panel) desc, panel
        )
        select c.criterion_id, c.application_id, c.interviewer_id, c.rating
        from calibration_ratings c join best b on b.criterion_id = c.criterion_id and b.panel = c.panel
        where c.org_id = ${scope.orgId} and c.role_id = ${scope.roleId}
        order by c.criterion_id, c.application_id, c.interviewer_id`,
  );
}

describe('role calibration aggregates', () => {
  let ctx: TestContext;
  let scope: { orgId: string; roleId: string };

  beforeAll(async () => {
    ctx = await createTestApp();
    const { org, role } = await openRoleCast(ctx);
    scope = { orgId: org.orgId, roleId: role.roleId };
    const db = ctx.database.db;
    const applications = (
      await rowsOf<{ id: string }>(
        db,
        sql`with c as (insert into candidates (id, org_id, name) select gen_random_uuid(), ${org.orgId}, 'Aggregate ' || g from generate_series(1, 48) g returning id)
            insert into applications (id, org_id, candidate_id, role_id) select gen_random_uuid(), ${org.orgId}, c.id, ${role.roleId} from c returning id`,
      )
    ).map((a) => a.id);
    // Eight raters; panels drawn from a few line-ups so that some panels tie on units, and each
    // rater of a panel skips a criterion now and then, leaving partial panels of every size.
    const raters = Array.from({ length: 8 }, () => crypto.randomUUID());
    const lineUps = [raters.slice(0, 3), raters.slice(2, 6), raters.slice(4, 8), raters.slice(0, 2), [raters[1]!, raters[5]!, raters[7]!]];
    const next = random(16);
    const values: ReturnType<typeof sql>[] = [];
    const unit = (applicationId: string, criterionId: string, rated: { interviewerId: string; rating: number }[]) => {
      const panel = rated.map((r) => r.interviewerId).sort();
      for (const r of rated) {
        const others = rated.filter((o) => o !== r);
        const coLevels = [1, 2, 3, 4, 5, 6, 7].map((level) => others.filter((o) => o.rating === level).length);
        values.push(
          sql`(${org.orgId}::uuid, ${role.roleId}::uuid, ${criterionId}::uuid, ${applicationId}::uuid, ${r.interviewerId}::uuid, ${r.rating}::int, now(), ${others.length}::int,
               ${others.reduce((a, o) => a + o.rating, 0)}::int, ${`{${coLevels.join(',')}}`}::int[], ${`{${panel.join(',')}}`}::uuid[])`,
        );
      }
    };
    for (const applicationId of applications) {
      const lineUp = lineUps[Math.floor(next() * lineUps.length)]!;
      for (const criterionId of Object.values(role.criteria)) {
        unit(applicationId, criterionId, lineUp.filter(() => next() < 0.85).map((interviewerId) => ({ interviewerId, rating: 1 + Math.floor(next() * 4) })));
      }
    }
    // One more criterion whose two full panels tie on units and size: the first in id order wins.
    const tied = crypto.randomUUID();
    applications.slice(0, 6).forEach((applicationId, i) => {
      const pair = i < 3 ? [raters[0]!, raters[1]!] : [raters[2]!, raters[3]!];
      unit(applicationId, tied, pair.map((interviewerId, j) => ({ interviewerId, rating: 1 + ((i + j) % 4) })));
    });
    await db.execute(sql`insert into calibration_ratings (org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel)
      values ${sql.join(values, sql`, `)}`);
  });
  afterAll(() => ctx.close());

  it('counts units, ratings, levels and coincidences as the sums of fractions per rating did', async () => {
    const counts = await criterionCounts(ctx.database.db, scope);
    const reference = await referenceCounts(ctx.database.db, scope);
    expect(counts.map((c) => c.criterionId).sort()).toEqual([...reference.keys()].sort());
    for (const c of counts) {
      const r = reference.get(c.criterionId)!;
      expect({ units: c.units, ratings: c.ratings, distribution: c.distribution }).toEqual({ units: Math.round(r.units), ratings: r.ratings, distribution: r.distribution });
      const cells = [...r.coincidences].sort((a, b) => a.c - b.c || a.k - b.k);
      expect(c.coincidences.map(({ c, k }) => [c, k])).toEqual(cells.map(({ c, k }) => [c, k]));
      c.coincidences.forEach((cell, i) => expect(cell.o).toBeCloseTo(cells[i]!.o, 10));
    }
  });

  it('takes the same ICC panel, units and ratings as the join back to the table did', async () => {
    const panels = await iccPanels(ctx.database.db, scope);
    const reference = await referencePanels(ctx.database.db, scope);
    expect(reference.length).toBeGreaterThan(0);
    const expected = new Map<string, { raterIds: string[]; matrix: number[][] }>();
    let unit = '';
    for (const r of reference) {
      const panel = expected.get(r.criterion_id) ?? { raterIds: [], matrix: [] };
      expected.set(r.criterion_id, panel);
      if (unit !== `${r.criterion_id}/${r.application_id}`) panel.matrix.push([]);
      unit = `${r.criterion_id}/${r.application_id}`;
      if (panel.matrix.length === 1) panel.raterIds.push(r.interviewer_id);
      panel.matrix[panel.matrix.length - 1]!.push(r.rating);
    }
    expect(panels).toEqual(expected);
  });

  it('answers empty aggregates for a role nobody rated', async () => {
    const empty = { orgId: scope.orgId, roleId: crypto.randomUUID() };
    expect(await criterionCounts(ctx.database.db, empty)).toEqual([]);
    expect(await iccPanels(ctx.database.db, empty)).toEqual(new Map());
  });
});
