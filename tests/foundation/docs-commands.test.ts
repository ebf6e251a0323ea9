// The CLI lines of the documentation, pasted as written: each runs, and with --json its standard
// output is one JSON document. Every `npm run -s cli -- … --json` line of docs/api.md and of the
// README is taken from the files themselves, so a changed line is tested as it reads.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run.js';

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** The documented command lines: inside ```sh blocks, starting with `npm run -s cli --`, with --json. */
function commandLines(file: string): string[] {
  const path = join(repoRoot, file);
  if (!existsSync(path)) return [];
  const blocks = readFileSync(path, 'utf8').match(/```sh\n[\s\S]*?```/g) ?? [];
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.trim()).filter((l) => l.startsWith('npm run -s cli -- ') && l.includes('--json'));
}

function sh(line: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('documented CLI lines', () => {
  it('finds the API guide’s lines (bootstrap, then token)', () => {
    const lines = commandLines('docs/api.md');
    expect(lines.some((l) => l.includes(' bootstrap '))).toBe(true);
    expect(lines.some((l) => l.includes(' token '))).toBe(true);
  });

  for (const file of ['docs/api.md', 'README.md']) {
    const lines = commandLines(file);
    it.runIf(lines.length > 0)(`runs every line of ${file} as written, each printing only JSON`, async () => {
      // A data folder of its own per document: each bootstraps its "Acme" once.
      const dataDir = mkdtempSync(join(tmpdir(), 'hiring-docs-'));
      folders.push(dataDir);
      const values: Record<string, string> = {};
      for (const line of lines) {
        const command = line.replace(/<(\w+)>/g, (whole, name: string) => values[name] ?? whole);
        expect(command, `${file}: a placeholder nothing before it fills`).not.toMatch(/<\w+>/);
        const result = await sh(command, { DATA_DIR: dataDir });
        expect(result.code, `${command}\n${result.stderr}`).toBe(0);
        const document = JSON.parse(result.stdout) as Record<string, string>;
        Object.assign(values, document);
      }
      expect(values.token).toBeTruthy();
    }, 300_000);
  }
});
