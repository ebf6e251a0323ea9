// The shapes every source adapter maps its files into; the writer only knows these.
import type { importSources } from '../db/schema.js';
import type { Recommendation } from './scales.js';

export type ImportSource = (typeof importSources)[number];

export const entityKinds = ['roles', 'steps', 'criteria', 'users', 'candidates', 'applications', 'interviews', 'scorecards'] as const;
export type EntityKind = (typeof entityKinds)[number];
export type Counts = Record<EntityKind, number>;

/** A skipped record: one object of one file, `index` counting objects from 0. Reasons never quote personal data. */
export interface Skipped {
  file: string;
  index: number;
  reason: string;
}

export interface ImportSummary {
  importId: string;
  status: 'running' | 'completed' | 'failed';
  created: Counts;
  updated: Partial<Counts>;
  ignored: { drafts: number };
  skipped: Skipped[];
}

/** Where a record came from, for skip reports. */
export interface Position {
  file: string;
  index: number;
}

/** A person as the source names them; undefined name/email: this record does not say. */
export interface PersonIn {
  externalId: string;
  name?: string | null;
  email?: string | null;
}

export interface RoleIn {
  externalId: string;
  title: string;
}

export interface ApplicationIn extends Position {
  externalId: string;
  role: RoleIn;
  candidate: PersonIn;
  status: 'active' | 'hired' | 'rejected' | 'withdrawn';
}

export interface RatingIn {
  criterion: string;
  /** The source's grouping of the criterion (Greenhouse attribute type), if any. */
  description: string | null;
  /** A level of the role's scale, or null: not assessed. */
  rating: number | null;
  evidence: string | null;
}

export interface ScorecardIn extends Position {
  externalId: string;
  applicationExternalId: string;
  interviewer: PersonIn;
  /** Step key within the role (the source's id when it has one) and its name. */
  step: { key: string; name: string };
  interviewedAt: Date | null;
  submittedAt: Date;
  recommendation: Recommendation | null;
  notes: string | null;
  ratings: RatingIn[];
}
