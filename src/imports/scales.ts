// Each source's rating scale becomes the imported role's scale, with the source's own labels.
import type { ImportSource } from './types.js';

export const GREENHOUSE_SCALE = ['Definitely not', 'No', 'Mixed', 'Yes', 'Strong yes'];
export const LEVER_SCALE = ['Strong No Hire', 'No Hire', 'Hire', 'Strong Hire'];
export const ASHBY_SCALE = ['Strong No', 'No', 'Yes', 'Strong Yes'];

export const scaleOf: Record<ImportSource, string[]> = {
  'greenhouse-harvest-v1': GREENHOUSE_SCALE,
  'greenhouse-harvest-v3': GREENHOUSE_SCALE,
  lever: LEVER_SCALE,
  ashby: ASHBY_SCALE,
};

/** The bar of an imported criterion: the first positive level ("Yes", "Hire"). */
export const barOf = (scale: string[]) => (scale.length === 5 ? 4 : 3);

/** Greenhouse attribute ratings; `no_decision` is "not assessed". Undefined: not a rating. */
const GREENHOUSE_LEVELS: Record<string, number | null> = { definitely_not: 1, strong_no: 1, no: 2, mixed: 3, yes: 4, strong_yes: 5, no_decision: null };
export const greenhouseRating = (value: unknown): number | null | undefined =>
  typeof value === 'string' && value in GREENHOUSE_LEVELS ? GREENHOUSE_LEVELS[value] : value === null ? null : undefined;

export type Recommendation = 'strong_no' | 'no' | 'yes' | 'strong_yes';

/** Greenhouse overall recommendations (v1 `overall_recommendation`, v3 `candidate_rating`); mixed and no_decision are none. */
const GREENHOUSE_RECOMMENDATIONS: Record<string, Recommendation | null> = { definitely_not: 'strong_no', strong_no: 'strong_no', no: 'no', mixed: null, yes: 'yes', strong_yes: 'strong_yes', no_decision: null };
export const greenhouseRecommendation = (value: unknown): Recommendation | null | undefined =>
  value === null || value === undefined ? null : typeof value === 'string' && value in GREENHOUSE_RECOMMENDATIONS ? GREENHOUSE_RECOMMENDATIONS[value] : undefined;

/** A four-level score 1..4 (numbers, or digits as strings) as our recommendation. */
export const recommendationOfLevel = (level: number): Recommendation => (['strong_no', 'no', 'yes', 'strong_yes'] as const)[level - 1]!;

/** 1..4 from a number or a numeric string ("4", "4 - Strong Hire"); null for empty; undefined when malformed. */
export function fourLevelScore(value: unknown): number | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value.trim(), 10) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 4 && (typeof value === 'number' || /^\s*[1-4](\s|$|-)/.test(value as string)) ? n : undefined;
}
