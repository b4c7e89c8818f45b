import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
import { LOG_FILE_MAX_BYTES } from '../engine/runs/runRecord';
import { formatBytes } from './format';

export { CHECKPOINT_MAX_BYTES };

// Checked before a file is read into memory and sent to the worker, which validates contents.

/** NIST's gzip.zip is about 535 MB; the byclass .gz files are smaller. */
export const EMNIST_MAX_BYTES = 700e6;

interface FileLike {
  name: string;
  size: number;
}

/** Why a file cannot be a checkpoint, or undefined when it may be one. */
export function checkpointFileProblem(file: FileLike): string | undefined {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > CHECKPOINT_MAX_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}; checkpoints are at most ${formatBytes(CHECKPOINT_MAX_BYTES)}.`;
  }
  return undefined;
}

/** Why these files cannot be the official EMNIST download, or undefined. */
export function emnistFilesProblem(files: FileLike[]): string | undefined {
  if (files.length === 0) return 'Choose NIST’s gzip.zip or the emnist-byclass-*-ubyte.gz files.';
  for (const file of files) {
    if (!/\.(zip|gz)$/i.test(file.name)) {
      return `${file.name} is not an EMNIST file: expected NIST’s gzip.zip or emnist-byclass-*-ubyte.gz.`;
    }
    if (file.size === 0) return `${file.name} is empty.`;
    if (file.size > EMNIST_MAX_BYTES) {
      return `${file.name} is ${formatBytes(file.size)}; the EMNIST files are at most ${formatBytes(EMNIST_MAX_BYTES)}.`;
    }
  }
  return undefined;
}

/** Why these files cannot be a CLI run's logs (one metrics.csv, at most one hparams.yaml), or undefined. */
export function runLogFilesProblem(files: FileLike[]): string | undefined {
  const where = 'from lightning_logs/<run>/version_N/';
  const csv = files.filter((f) => /\.csv$/i.test(f.name));
  const yaml = files.filter((f) => /\.ya?ml$/i.test(f.name));
  const other = files.find((f) => !csv.includes(f) && !yaml.includes(f));
  if (other)
    return `${other.name} is not a run's log: choose metrics.csv and hparams.yaml ${where}.`;
  if (csv.length !== 1 || yaml.length > 1)
    return `Choose one metrics.csv and, beside it, its hparams.yaml ${where}.`;
  for (const file of files) {
    if (file.size > LOG_FILE_MAX_BYTES) {
      return `${file.name} is ${formatBytes(file.size)}; a run's logs are at most ${formatBytes(LOG_FILE_MAX_BYTES)}.`;
    }
  }
  return undefined;
}
