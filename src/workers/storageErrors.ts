/** Turns IndexedDB failures into messages a user can act on. */
import { errorMessage } from '../engine/errorMessage';

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : undefined;
}

export function isQuotaError(error: unknown): boolean {
  return errorName(error) === 'QuotaExceededError';
}

/** `what` says what was being stored, e.g. "checkpoint run-1/epoch=0003.ckpt (12.1 MB)". */
export function storageError(error: unknown, what: string): Error {
  if (isQuotaError(error)) {
    return new Error(
      `Browser storage is full: ${what} could not be saved; everything stored before is kept. ` +
        'Delete old checkpoints or imported datasets, or allow this site more storage in the ' +
        "browser's site settings, then try again.",
    );
  }
  const detail = errorMessage(error);
  return new Error(
    `Could not save ${what} in the browser's storage (${errorName(error) ?? 'Error'}: ${detail}). ` +
      'Nothing stored was changed. Private windows and some browser settings block storage.',
  );
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
