import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real checkpoint of the tiny CNN written by the CLI (about 3 s on wasm in Node). */
export function cliCheckpoint(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inklab-e2e-'));
  execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/runExperiment.ts',
      ...['--model_class', 'CNN', '--conv_dim', '2', '--fc_dim', '8', '--batch_size', '8'],
      ...['--limit_train_batches', '2', '--limit_val_batches', '1', '--limit_test_batches', '1'],
      ...['--max_epochs', '1', '--checkpoint_dir', dir],
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const find = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? find(p) : p.endsWith('.ckpt') ? [p] : [];
    });
  const [file] = find(dir);
  if (!file) throw new Error(`The CLI wrote no checkpoint under ${dir}.`);
  return file;
}
