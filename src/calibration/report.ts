// Assembles the calibration reports from the SQL aggregates and the pure statistics.
import type { Db } from '../db/client.js';
import { alphaLevels, krippendorffAlpha, type Estimate } from './alpha.js';
import { intraclassCorrelations } from './icc.js';
import { leniencyEstimates } from './offsets.js';
import { criterionCounts, criterionOutcomePairs, iccPanels, interviewerConduct, leniencyByQuarter, leniencyMoments, type CalibrationScope } from './queries.js';
import { readsInSnapshot } from './snapshot.js';
import { spearman } from './spearman.js';

/** Below this many hires a rank correlation is noise: it is reported with a warning. */
export const MIN_HIRES_FOR_VALIDITY = 10;

const valueOf = (e: Estimate) => e.value;
const reasonsOf = (estimates: Record<string, Estimate>) => {
  const reasons = Object.fromEntries(Object.entries(estimates).flatMap(([k, e]) => (e.reason ? [[k, e.reason]] : [])));
  return Object.keys(reasons).length ? reasons : null;
};

export async function roleCalibration(db: Db, scope: CalibrationScope & { roleId: string }, criteria: { id: string; name: string }[], lateHours: number) {
  // Longest first: the reads are handed out in this order to the connections that run them.
  const [panels, counts, conduct, moments, pairs] = await readsInSnapshot(db, [
    (tx) => iccPanels(tx, scope),
    (tx) => criterionCounts(tx, scope),
    (tx) => interviewerConduct(tx, scope, lateHours),
    (tx) => leniencyMoments(tx, scope),
    (tx) => criterionOutcomePairs(tx, scope),
  ]);
  const countsById = new Map(counts.map((c) => [c.criterionId, c]));
  const leniency = new Map(leniencyEstimates(moments).map((l) => [l.interviewerId, l]));
  const interviewerIds = [...new Set([...moments.map((m) => m.interviewerId), ...conduct.map((c) => c.interviewerId)])].sort();

  return {
    roleId: scope.roleId,
    criteria: criteria.map((criterion) => {
      const c = countsById.get(criterion.id);
      const panel = panels.get(criterion.id);
      const icc = intraclassCorrelations(panel?.matrix ?? []);
      const iccEstimates = { icc11: icc.icc11, icc21: icc.icc21, icc31: icc.icc31, icc1k: icc.icc1k, icc2k: icc.icc2k, icc3k: icc.icc3k };
      const alpha = Object.fromEntries(alphaLevels.map((level) => [level, krippendorffAlpha(c?.coincidences ?? [], level)])) as Record<(typeof alphaLevels)[number], Estimate>;
      const hires = pairs.filter((p) => p.criterionId === criterion.id);
      const rho = spearman(hires.map((p) => p.score), hires.map((p) => p.attainment));
      return {
        criterionId: criterion.id,
        name: criterion.name,
        units: c?.units ?? 0,
        ratings: c?.ratings ?? 0,
        distribution: c?.distribution ?? {},
        icc: Object.fromEntries(Object.entries(iccEstimates).map(([k, e]) => [k, valueOf(e)])) as Record<keyof typeof iccEstimates, number | null>,
        iccReasons: reasonsOf(iccEstimates),
        iccPanel: { units: icc.units, raters: panel?.raterIds.length ?? 0, raterIds: panel?.raterIds ?? [] },
        alpha: Object.fromEntries(alphaLevels.map((l) => [l, alpha[l].value])) as Record<(typeof alphaLevels)[number], number | null>,
        alphaReasons: reasonsOf(alpha),
        predictiveValidity: {
          rho: rho.value,
          n: rho.n,
          reason: rho.reason ?? null,
          warning: rho.n < MIN_HIRES_FOR_VALIDITY ? `Too few hires to read: ${rho.n} with outcomes, at least ${MIN_HIRES_FOR_VALIDITY} needed.` : null,
        },
      };
    }),
    interviewers: interviewerIds.map((userId) => {
      const l = leniency.get(userId);
      const k = conduct.find((c) => c.interviewerId === userId);
      return {
        userId,
        n: l?.n ?? 0,
        leniency: { mean: l?.mean ?? null, low: l?.low ?? null, high: l?.high ?? null, shrunk: l?.shrunk ?? null },
        leniencyReason: l ? (l.reason ?? null) : 'no co-panelist rated the same criterion of the same application',
        scorecards: k?.scorecards ?? 0,
        focusAdherence: k && k.assigned > 0 ? k.assessedWithEvidence / k.assigned : null,
        medianLatenessHours: k?.medianLatenessHours ?? null,
        lateScorecards: k?.lateScorecards ?? 0,
      };
    }),
  };
}

/** Shrunk leniency offsets of a role's interviewers, for the synthesis' adjusted means. */
export async function roleLeniencyOffsets(db: Db, scope: CalibrationScope & { roleId: string }): Promise<Record<string, number>> {
  const estimates = leniencyEstimates(await leniencyMoments(db, scope));
  return Object.fromEntries(estimates.flatMap((e) => (e.shrunk === null ? [] : [[e.interviewerId, e.shrunk]])));
}

export async function interviewerCalibration(db: Db, orgId: string, userId: string, lateHours: number) {
  // Leniency is estimated against the whole organization, so the shrinkage has peers to learn from.
  const [moments, quarters, conduct] = await readsInSnapshot(db, [
    (tx) => leniencyMoments(tx, { orgId }),
    (tx) => leniencyByQuarter(tx, { orgId, interviewerId: userId }),
    (tx) => interviewerConduct(tx, { orgId, interviewerId: userId }, lateHours),
  ]);
  const mine = leniencyEstimates(moments).find((l) => l.interviewerId === userId);
  const k = conduct[0];
  return {
    userId,
    n: mine?.n ?? 0,
    leniency: { mean: mine?.mean ?? null, low: mine?.low ?? null, high: mine?.high ?? null, shrunk: mine?.shrunk ?? null },
    leniencyReason: mine ? (mine.reason ?? null) : 'no co-panelist rated the same criterion of the same application',
    drift: leniencyEstimates(quarters.map((q) => ({ interviewerId: q.quarter, n: q.n, mean: q.mean, variance: q.variance }))).map((q) => ({ quarter: q.interviewerId, n: q.n, mean: q.mean, low: q.low, high: q.high })),
    scorecards: k?.scorecards ?? 0,
    focusAdherence: k && k.assigned > 0 ? k.assessedWithEvidence / k.assigned : null,
    medianLatenessHours: k?.medianLatenessHours ?? null,
    lateScorecards: k?.lateScorecards ?? 0,
  };
}
