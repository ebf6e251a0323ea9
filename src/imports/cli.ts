// `import` on the command line: from a folder, or pulled from the source's API first.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { importSources } from '../db/schema.js';
import { PullError } from './pull/http.js';
import { pullToFolder } from './pull/sources.js';
import { failAbandonedImports } from './abandoned.js';
import { runImport, startImport } from './run.js';
import type { ImportSource, ImportSummary } from './types.js';

export const importUsage = `  npm run cli -- import --org <orgId> --source <${importSources.join('|')}> --dir <folder> [--json]
  npm run cli -- import --org <orgId> --source <source> --api-key <key> [--api-url <url>] [--save <folder>] [--json]`;

/** Runs the command; resolves with the exit code (0 completed, 1 failed). */
export async function importCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: 'string' },
      source: { type: 'string' },
      dir: { type: 'string' },
      'api-key': { type: 'string' },
      'api-url': { type: 'string' },
      save: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const source = values.source as ImportSource | undefined;
  if (!values.org || !source || !(importSources as readonly string[]).includes(source) || !values.dir === !values['api-key']) {
    throw new ConfigError(`Usage:\n${importUsage}\n(--dir or --api-key, not both)`);
  }
  if (!/^[0-9a-f-]{36}$/i.test(values.org)) throw new ConfigError('--org must be an organization id (a UUID).');
  const status = terminalStatus();

  let dir = values.dir!;
  let scratch: string | undefined;
  if (values['api-key']) {
    dir = values.save ?? (scratch = await mkdtemp(join(tmpdir(), 'hiring-import-')));
    await mkdir(dir, { recursive: true });
    try {
      await pullToFolder({ source, apiKey: values['api-key'], apiUrl: values['api-url'], dir, onPage: (name, n) => status(`pulled ${name}: ${n.toLocaleString('en')} records`, true) });
    } catch (error) {
      if (scratch) await rm(scratch, { recursive: true, force: true });
      if (error instanceof PullError) throw new ConfigError(error.message);
      throw error;
    }
  }

  const database = await openDatabase(config.database);
  try {
    await migrate(database);
    const org = await database.db.query.organizations.findFirst({ where: (o, { eq }) => eq(o.id, values.org!) });
    if (!org) throw new ConfigError(`No organization ${values.org}.`);
    // The embedded database has one process at a time: an import still running now was abandoned.
    if (database.driver === 'pglite') await failAbandonedImports(database.db, 0);
    const record = await startImport(database.db, { orgId: org.id, source, actorId: null });
    const summary = await runImport(database.db, record.id, {
      orgId: org.id,
      source,
      dir,
      actorId: null,
      progress: ({ file, records, error }) => {
        if (error) status(`unexpected error: ${error.message.split('\n')[0]}`, true);
        else status(`${file}: ${records.toLocaleString('en')} records read`);
      },
    });
    status('', true);
    const { error, ...document } = summary;
    console.log(values.json ? JSON.stringify(document) : describe(document, error));
    return summary.status === 'completed' ? 0 : 1;
  } finally {
    await database.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Progress on one rewritten stderr line, only on a terminal (scripts get clean streams). */
function terminalStatus() {
  const tty = process.stderr.isTTY;
  return (text: string, keep = false) => {
    if (!tty) return;
    process.stderr.write(`\r\x1b[2K${text}${keep && text ? '\n' : ''}`);
  };
}

function describe(s: ImportSummary, error: string | null): string {
  const counts = (c: Partial<Record<string, number>>) => Object.entries(c).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';
  const lines = [
    `Import ${s.importId}: ${s.status}${error ? ` (${error})` : ''}`,
    `  created: ${counts(s.created)}`,
    `  updated: ${counts(s.updated)}`,
    `  ignored: drafts ${s.ignored.drafts}`,
    `  skipped: ${s.skipped.length}`,
    ...s.skipped.slice(0, 50).map((k) => `    ${k.file} #${k.index}: ${k.reason}`),
  ];
  if (s.skipped.length > 50) lines.push(`    … ${s.skipped.length - 50} more (use --json for all)`);
  return lines.join('\n');
}
