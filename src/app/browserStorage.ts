/** The page's side of its storage: persistence asked for once, usage and quota read back. */

export interface StorageStatus {
  /** Bytes this site stores (IndexedDB: checkpoints and imported datasets). */
  usage: number;
  /** Bytes the browser lets this site store. */
  quota: number;
  /** True when the browser will not clear the data to free space. */
  persisted: boolean;
}

/** Undefined where the browser has no StorageManager (e.g. an insecure origin). */
export async function readStorage(): Promise<StorageStatus | undefined> {
  const storage = navigator.storage;
  if (!storage?.estimate) return undefined;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted?.() ?? false,
  ]);
  return { usage, quota, persisted };
}

let persistenceAsked = false;

/**
 * Asks, once per page, that the browser keep this site's data when space runs low: on the
 * first checkpoint saved, when there is something worth keeping. Browsers may say no.
 */
export async function askPersistence(): Promise<void> {
  if (persistenceAsked) return;
  persistenceAsked = true;
  await navigator.storage?.persist?.();
}
