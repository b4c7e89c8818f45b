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

/** The lock of `locks` (the worker's navigator.locks), or none where the API is missing. */
export function webLocksExclusive(locks: LockManager | undefined): Exclusive | undefined {
  if (!locks) return undefined;
  return (work) =>
    locks.request(TRAINING_LOCK, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await work();
      return true;
    });
}
