// npm run bench — every figure is a ratio to a baseline measured in the same run, printed as a
// table and written to tests/bench/results/latest.json. Not part of npm test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/run.js';
import { printTable, startBenchEnv, type Figure } from './harness.js';
import { benchStartup } from './startup.js';
import { benchSubmit } from './submit.js';
import { benchSynthesis } from './synthesis.js';
import { benchCalibration } from './calibration.js';
import { benchExport } from './export.js';
import { benchImport } from './import.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

const figures: Figure[] = [];
const env = await startBenchEnv();
try {
  if (wanted('submit')) figures.push(...(await benchSubmit(env, seconds)));
  if (wanted('synthesis')) figures.push(...(await benchSynthesis(env, seconds)));
  if (wanted('calibration')) figures.push(await benchCalibration(env));
  if (wanted('export')) figures.push(await benchExport(env));
  if (wanted('import')) figures.push(await benchImport(env));
  if (wanted('startup')) figures.push(...(await benchStartup(env, Number(process.env.BENCH_STARTS ?? 5))));
} finally {
  await env.close();
}

printTable(figures);
const dir = join(repoRoot, 'tests/bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), seconds, figures }, null, 2));
console.log(`\nwritten to ${join(dir, 'latest.json')}`);
