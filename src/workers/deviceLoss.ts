/** A lost GPU device during a run: what the session needs to continue, and what the page reads. */
import type { BackendReport } from './protocol';

export interface DeviceLoss {
  /** The device's reason and message, e.g. "destroyed: Device was destroyed." */
  detail: string;
  /** Starts the backend the run continues on (the chain past the GPU backends). */
  switchBackend: () => Promise<BackendReport>;
}

/** `from`: the last checkpoint's epoch (0-based) and the run's epochs; absent without one. */
export function deviceLossNotice(
  detail: string,
  backend: string,
  from?: { epoch: number; of: number },
): string {
  const head = `The GPU device was lost (${detail}).`;
  return from
    ? `${head} Continuing on ${backend} from the last checkpoint (saved after epoch ${from.epoch} of 0–${from.of - 1}).`
    : `${head} No checkpoint was saved yet: starting the run again on ${backend} from its first epoch.`;
}

export function noBackendAfterLoss(detail: string, why: string): string {
  return (
    `The GPU device was lost (${detail}) and no other backend could start: ${why} ` +
    'Reload the page, then resume the run from its last checkpoint in Checkpoints.'
  );
}
