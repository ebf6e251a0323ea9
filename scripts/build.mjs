// npm run build: a clean dist/ with src/ compiled by tsc and the files the code reads beside its
// own modules (the page assets). migrations/ and rubrics/ are read from the repository root, which
// dist/ reaches by the same relative paths as src/ (both sit one level below the root).
// `node scripts/build.mjs <folder>` builds into another top-level folder instead (the test does).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const name = process.argv[2] ?? 'dist';
if (!/^[\w.-]+$/.test(name) || name === 'src' || name.startsWith('.')) {
  console.error(`The output folder must be a plain name directly in the repository root, not ${JSON.stringify(name)}.`);
  process.exit(2);
}
const out = `${root}${name}`;
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const { status } = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`, '--outDir', out], { cwd: root, stdio: 'inherit' });
if (status !== 0) process.exit(status ?? 1);
cpSync(`${root}src/pages/assets`, `${out}/pages/assets`, { recursive: true });
