// Receives mapped records from a source adapter, writes them in batches, and keeps the tally.
import type { Db } from '../db/client.js';
import { rebuildRoleCalibrationRatings, refreshCalibrationRatingsOf } from '../calibration/store.js';
import { writeApplications, writeCandidates } from './applications.js';
import { Dimensions } from './dimensions.js';
import type { LinkScope } from './links.js';
import { scaleOf } from './scales.js';
import { writeScorecards } from './scorecards.js';
import { Tally } from './tally.js';
import type { ApplicationIn, ImportSource, PersonIn, Position, RoleIn, ScorecardIn } from './types.js';

/** Rows per transaction: large enough to amortise round trips, small enough to keep memory flat. */
export const BATCH_SIZE = 1000;
const REFRESH_CHUNK = 500;
/** From this many touched applications in one role, its calibration rows are rebuilt role-wide. */
export const ROLE_REBUILD_FROM = 1000;

/** Records read so far in a file; `error` only for an unexpected failure (the CLI may log it). */
export type Progress = (event: { file: string; records: number; error?: Error }) => void;

export class Importer {
  readonly tally = new Tally();
  readonly dims: Dimensions;
  readonly scope: LinkScope;
  /** Applications whose scorecards this import wrote, with their role. */
  private readonly touched = new Map<string, string>();
  private applications: ApplicationIn[] = [];
  private candidates: (PersonIn & Position)[] = [];
  private scorecards: ScorecardIn[] = [];

  constructor(
    private readonly db: Db,
    orgId: string,
    readonly source: ImportSource,
    readonly importId: string,
    readonly progress: Progress = () => {},
    private readonly roleRebuildFrom = ROLE_REBUILD_FROM,
  ) {
    this.scope = { orgId, source };
    this.dims = new Dimensions(db, this.scope, scaleOf[source], this.tally);
  }

  skip(at: Position, reason: string) {
    this.tally.skip(at, reason);
  }

  draft() {
    this.tally.drafts++;
  }

  user(person: PersonIn) {
    return this.dims.user(person);
  }

  role(role: RoleIn) {
    return this.dims.role(role);
  }

  async candidate(person: PersonIn & Position) {
    this.candidates.push(person);
    if (this.candidates.length >= BATCH_SIZE) await this.flushCandidates();
  }

  async application(application: ApplicationIn) {
    this.applications.push(application);
    if (this.applications.length >= BATCH_SIZE) await this.flushApplications();
  }

  async scorecard(card: ScorecardIn) {
    this.scorecards.push(card);
    if (this.scorecards.length >= BATCH_SIZE) await this.flushScorecards();
  }

  /** Writes whatever is buffered; adapters call it between files that depend on each other. */
  async flush() {
    await this.flushCandidates();
    await this.flushApplications();
    await this.flushScorecards();
  }

  /** Calibration rows of every application whose scorecards changed: once per import, in chunks. */
  async finish() {
    await this.flush();
    const byRole = new Map<string, string[]>();
    for (const [applicationId, roleId] of this.touched) byRole.set(roleId, [...(byRole.get(roleId) ?? []), applicationId]);
    for (const [roleId, ids] of byRole) {
      // Many applications of one role: one pass over the role beats many passes over parts of it.
      if (ids.length >= this.roleRebuildFrom) {
        await this.db.transaction((tx) => rebuildRoleCalibrationRatings(tx, roleId));
        continue;
      }
      for (let i = 0; i < ids.length; i += REFRESH_CHUNK) {
        await this.db.transaction((tx) => refreshCalibrationRatingsOf(tx, ids.slice(i, i + REFRESH_CHUNK)));
      }
    }
  }

  private async flushCandidates() {
    const batch = this.candidates;
    this.candidates = [];
    if (batch.length === 0) return;
    await this.oneByOneOnFailure(batch, (part) => this.db.transaction((tx) => writeCandidates(tx, this.scope, this.tally, part)), 'the candidate could not be stored');
  }

  private async flushApplications() {
    const batch = this.applications;
    this.applications = [];
    if (batch.length === 0) return;
    await this.oneByOneOnFailure(batch, (part) => writeApplications(this.db, this.dims, this.scope, this.tally, part), 'the application could not be stored');
  }

  private async flushScorecards() {
    const batch = this.scorecards;
    this.scorecards = [];
    if (batch.length === 0) return;
    await writeScorecards(this.db, this.dims, this.scope, this.tally, batch, this.touched);
  }

  /** A batch the database refuses is retried a record at a time, so one bad record skips alone. */
  private async oneByOneOnFailure<T extends Position>(batch: T[], write: (part: T[]) => Promise<unknown>, reason: string) {
    try {
      await write(batch);
    } catch (error) {
      if (batch.length === 1) {
        this.tally.skip(batch[0]!, reason);
        return;
      }
      for (const one of batch) {
        try {
          await write([one]);
        } catch {
          this.tally.skip(one, reason);
        }
      }
    }
  }
}
