// The files each source needs; the adapters check the same lists when they start.
import type { ImportSource } from '../types.js';

export const requiredFiles: Record<ImportSource, string[]> = {
  'greenhouse-harvest-v1': ['applications', 'scorecards'],
  'greenhouse-harvest-v3': ['applications', 'scorecards', 'scorecard_candidate_attributes', 'job_candidate_attributes'],
  lever: ['opportunities', 'feedback'],
  ashby: ['applications', 'feedback'],
};
