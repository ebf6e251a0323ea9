import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Processes that print their own links need a known free port up front.
export { freePort } from './postgres-server.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs a TypeScript entry point (src/cli.ts, src/server.ts) as a user would, with its own environment. */
export function runScript(script: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [script, ...args], { cwd: repoRoot, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function startScript(script: string, env: Record<string, string | undefined>): ChildProcess {
  return spawn(tsx, [script], { cwd: repoRoot, env: cleanEnv(env) });
}

// Start from PATH and HOME only, so the developer's own settings do not leak into the test.
function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  return base;
}

