// Receives mapped records from a source adapter, writes them in batches, and keeps the tally.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rebuildRoleCalibrationRatings, refreshCalibrationRatingsOf } from '../calibration/store.js';
import { writeApplications, writeCandidates } from './applications.js';
import { Dimensions } from './dimensions.js';
import type { LinkScope } from './links.js';
import { scaleOf } from './scales.js';
import { resolveScorecards, writeScorecards } from './scorecards.js';
import { Tally } from './tally.js';
import type { ApplicationIn, ImportSource, PersonIn, Position, RoleIn, ScorecardIn } from './types.js';
import { WriteSlots } from './write-slots.js';

/** Rows per transaction: large enough to amortise round trips, small enough to keep memory flat. */
export const BATCH_SIZE = 1000;
/** Applications per calibration refresh statement (while the import runs, and at its end). */
const REFRESH_CHUNK = 500;
/** From this many scorecards written, the import refreshes the statistics of the tables it loaded. */
export const ANALYZE_FROM = 10_000;
/** From this many touched applications in one role, its calibration rows are rebuilt role-wide. */
export const ROLE_REBUILD_FROM = 1000;
/** Scorecard batches in the database at once, each on its own connection (the import thread's pool has room). */
const SCORECARD_WRITERS = 2;

/** Records read so far in a file; `error` only for an unexpected failure (the CLI may log it). */
export type Progress = (event: { file: string; records: number; error?: Error }) => void;

export class Importer {
  readonly tally = new Tally();
  readonly dims: Dimensions;
  readonly scope: LinkScope;
  /** Applications whose scorecards committed batches changed, with their role, not refreshed yet. */
  private readonly touched = new Map<string, string>();
  /** The batches being written while the next one is read (the back-pressure). */
  private readonly writes = new WriteSlots(SCORECARD_WRITERS);
  /** The last candidates or applications batch written: scorecards are placed once it has committed. */
  private placed: Promise<void> = Promise.resolve();
  /** Calibration refreshes of committed batches, running beside the writes on another connection. */
  private refreshing: Promise<void> | undefined;
  /** The refresh beside the writes failed: surfaces at the next write. */
  private refreshFailure: { error: unknown } | undefined;
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
    private readonly analyzeFrom = ANALYZE_FROM,
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
    if (this.candidates.length >= BATCH_SIZE) await this.write(this.flushCandidates());
  }

  async application(application: ApplicationIn) {
    this.applications.push(application);
    if (this.applications.length >= BATCH_SIZE) await this.write(this.flushApplications());
  }

  async scorecard(card: ScorecardIn) {
    this.scorecards.push(card);
    if (this.scorecards.length >= BATCH_SIZE) await this.flushScorecards();
  }

  /** Writes whatever is buffered and waits for it; adapters call it between files that depend on each other. */
  async flush() {
    await this.write(this.flushCandidates());
    await this.write(this.flushApplications());
    await this.flushScorecards();
    await this.settled();
  }

  /**
   * Starts writing a candidates or applications batch once every batch before it is written, and
   * returns without waiting for it: the next batch is read and mapped while this one is in the database.
   */
  private async write(batch: () => Promise<void>) {
    this.throwIfFailed();
    await this.writes.start(batch);
  }

  /** Waits for the batches in the database; a failure of the writes or refreshes surfaces here. */
  private async settled() {
    await this.writes.settled();
    this.throwIfFailed();
  }

  private throwIfFailed() {
    if (this.refreshFailure) throw this.refreshFailure.error;
  }

  /**
   * Writes what is left, then the calibration rows of every application whose scorecards changed
   * and were not refreshed yet. After a failure, what was written is still refreshed.
   */
  async finish() {
    let failed: { error: unknown } | undefined;
    await this.flush().catch((error: unknown) => (failed = { error }));
    await this.writes.drained();
    await this.refreshing;
    const byRole = new Map<string, string[]>();
    for (const [applicationId, roleId] of this.touched) {
      const ids = byRole.get(roleId);
      if (ids) ids.push(applicationId);
      else byRole.set(roleId, [applicationId]);
    }
    this.touched.clear();
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
    failed ??= this.refreshFailure;
    if (failed) throw failed.error;
    // After a bulk load the planner's statistics describe the tables as they were: the first
    // calibration read of the role (and every query on these tables) would plan for that.
    if (this.tally.created.scorecards + this.tally.updated.scorecards >= this.analyzeFrom) {
      await this.db.execute(sql`analyze scorecards, scorecard_ratings, calibration_ratings, interviews, interview_interviewers, import_links`);
    }
  }

  /** Each flush takes its buffer at once; candidates and applications return the write to run. */
  private flushCandidates() {
    const batch = this.candidates;
    this.candidates = [];
    return this.placing(async () => {
      if (batch.length === 0) return;
      await this.oneByOneOnFailure(batch, (part) => this.db.transaction((tx) => writeCandidates(tx, this.scope, this.tally, part)), 'the candidate could not be stored');
    });
  }

  private flushApplications() {
    const batch = this.applications;
    this.applications = [];
    return this.placing(async () => {
      if (batch.length === 0) return;
      await this.oneByOneOnFailure(batch, (part) => writeApplications(this.db, this.dims, this.scope, this.tally, part), 'the application could not be stored');
    });
  }

  /** A write scorecards point at (candidates, applications): scorecards resolved later wait for it. */
  private placing(batch: () => Promise<void>) {
    return () => {
      const written = batch();
      this.placed = written.catch(() => {}); // a failure surfaces through write()
      return written;
    };
  }

  /**
   * Takes the scorecards buffer and starts its write beside the batch in the database, unless
   * they share a record. The batch is resolved at once, while the batches before it are written
   * (a fifth of a batch's time was resolving it); only its transaction waits for its turn.
   */
  private async flushScorecards() {
    this.throwIfFailed();
    const batch = this.scorecards;
    this.scorecards = [];
    const resolved = batch.length === 0 ? Promise.resolve([]) : this.placed.then(() => resolveScorecards(this.db, this.dims, this.scope, this.tally, batch));
    resolved.catch(() => {}); // awaited below, where a failure surfaces
    const write = async () => {
      await writeScorecards(this.db, this.scope, this.tally, await resolved, this.touched);
      if (this.touched.size >= REFRESH_CHUNK && !this.refreshing) this.refreshing = this.refreshCommitted();
    };
    await this.writes.start(write, new Set(batch.map((card) => card.externalId)));
  }

  /**
   * Refreshes the calibration rows of committed batches while later ones are written: the
   * refresh reads only committed scorecards, and an application a later batch touches again is
   * queued again, so the rows end up exactly what the ratings say. Locks are the same as a
   * submission's (applications in id order, no key update), which scorecard inserts never wait on.
   */
  private async refreshCommitted() {
    try {
      while (this.touched.size >= REFRESH_CHUNK) {
        const ids: string[] = [];
        for (const applicationId of this.touched.keys()) {
          ids.push(applicationId);
          this.touched.delete(applicationId);
          if (ids.length === REFRESH_CHUNK) break;
        }
        await this.db.transaction((tx) => refreshCalibrationRatingsOf(tx, ids));
      }
    } catch (error) {
      this.refreshFailure ??= { error };
    } finally {
      this.refreshing = undefined;
    }
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
