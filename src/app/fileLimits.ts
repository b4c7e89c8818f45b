import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
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
