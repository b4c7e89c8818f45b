/**
 * One run at a time per browser profile: every tab's worker trains into the same IndexedDB
 * store, and two runs would evict each other's checkpoints. The Web Locks API is shared by all
 * tabs and workers of the origin, and a lock is let go when its holder ends, crashed ones too.
 */

export const TRAINING_LOCK = 'inklab-training';

/** Runs `work` holding the lock; resolves false, without running it, while another holds it. */
export type Exclusive = (work: () => Promise<void>) => Promise<boolean>;

export const ANOTHER_TAB_TRAINS =
  'Another tab of this browser is training a model, and runs share this browser’s checkpoint ' +
  'store: wait for that run to end, or stop it in its tab, then start this one.';

/**
 * How long a run waits for the lock before it counts as another tab's. A worker the page has
 * just terminated (crashed, or hung and stopped by the watchdog) lets its lock go only once the
 * browser has ended it, which for a worker stuck in a loop takes Chromium a second or two.
 */
export const LOCK_WAIT_MS = 5000;

/** The lock of `locks` (the worker's navigator.locks), or none where the API is missing. */
export function webLocksExclusive(locks: LockManager | undefined): Exclusive | undefined {
  if (!locks) return undefined;
  return async (work) => {
    let granted = false;
    try {
      await locks.request(TRAINING_LOCK, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => {
        granted = true;
        return work();
      });
      return true;
    } catch (error) {
      // The wait timed out: another holds it. An error of the run itself is the run's.
      if (!granted && (error as Error).name === 'TimeoutError') return false;
      throw error;
    }
  };
}
