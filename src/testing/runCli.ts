import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run experiment`'s entry point with these flags (and environment), as a user would. */
export function runExperimentCli(
  args: string[],
  timeoutMs = 300_000,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return runScript('src/cli/runExperiment.ts', args, timeoutMs, env);
}

/** Runs `npm run sweep`'s entry point with these flags. */
export function runSweepCli(args: string[], timeoutMs = 300_000): Promise<CliRun> {
  return runScript('src/cli/runSweep.ts', args, timeoutMs);
}

/** A run's logs go to a fresh folder unless the test names one: tests never write into the repo. */
function withLogDir(args: string[]): string[] {
  if (args.some((a) => a === '--log_dir' || a.startsWith('--log_dir='))) return args;
  return [
    ...args,
    `--log_dir=${join(mkdtempSync(join(tmpdir(), 'inklab-logs-')), 'lightning_logs')}`,
  ];
}

function runScript(
  script: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', script, ...withLogDir(args)],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** The object on the last line of a `--json` run. */
export function lastJson(run: CliRun): Record<string, unknown> {
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
}
