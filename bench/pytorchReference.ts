import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's torch lives under /usr/bin/python3 (the python3 on PATH may be another one). */
const PYTHON = '/usr/bin/python3';

function runPython(args: string[]): Promise<{ samples_per_s: number; torch: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      ['bench/pytorch_cnn.py', ...args],
      { timeout: 600_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.trim().split('\n').at(-1) ?? error.message));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string));
      },
    );
  });
}

/**
 * PyTorch's samples/s for the lab's CNN on the CPU at 1 and 2 threads, or why it was skipped
 * (no Debian python3-torch here: `apt-get install python3-torch`).
 */
export async function measurePyTorch(
  batchSize: number,
  steps: number,
): Promise<Record<string, unknown>> {
  if (!existsSync(PYTHON)) return { pytorch: `skipped: ${PYTHON} not found` };
  try {
    const one = await runPython([
      '--threads',
      '1',
      '--batch_size',
      String(batchSize),
      '--steps',
      String(steps),
    ]);
    const two = await runPython([
      '--threads',
      '2',
      '--batch_size',
      String(batchSize),
      '--steps',
      String(steps),
    ]);
    return {
      pytorch_version: one.torch,
      pytorch_1_thread_samples_per_s: one.samples_per_s,
      pytorch_2_threads_samples_per_s: two.samples_per_s,
    };
  } catch (error) {
    return { pytorch: `skipped: ${(error as Error).message} (install Debian's python3-torch)` };
  }
}
