import type { IDBPTransaction, StoreNames } from 'idb';
import type { InklabDb, InklabSchema } from './inklabDb';

type Stores = StoreNames<InklabSchema>[];

/**
 * Runs `body` in one readwrite transaction and resolves once it is committed. If anything in
 * `body` fails (a request, a thrown error), the whole transaction is aborted, so a partial write
 * never lands; the original error is rethrown.
 */
export async function writeTransaction<S extends Stores>(
  db: InklabDb,
  stores: S,
  body: (tx: IDBPTransaction<InklabSchema, S, 'readwrite'>) => Promise<void>,
): Promise<void> {
  const tx = db.transaction(stores, 'readwrite');
  // Observed below; without this an abort would also surface as an unhandled rejection.
  tx.done.catch(() => {});
  try {
    await body(tx);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by the failing request itself.
    }
    throw error;
  }
  await tx.done;
}
