/**
 * Checkpoints in IndexedDB: the engine's CheckpointStore (the Trainer saves and evicts through
 * it) plus what the Checkpoints panel needs. A record and its bytes are written in one
 * transaction, so a failure (storage full) leaves every stored checkpoint as it was. Only
 * checkpoint ids are accepted (CheckpointIdError otherwise), the same ids the file store takes;
 * removeUnreadable alone takes a stored key as listed, to delete what no id names.
 */
import { assertCheckpointId } from '../engine/checkpoint/checkpointId';
import { type CheckpointMeta, decodeCheckpoint } from '../engine/checkpoint/format';
import type { CheckpointStore } from '../engine/checkpoint/store';
import type { Metrics } from '../engine/events';
import { checkpointRecord, compareRecords, parseCheckpointRecord } from './checkpointRecord';
import { writeTransaction } from './idbTransaction';
import { exactBytes, type InklabDb } from './inklabDb';
import type { CheckpointListing, CheckpointRecord, UnreadableCheckpoint } from './protocol';
import { megabytes, storageError } from './storageErrors';

const STORE = "This browser's checkpoint storage";

/** A stored value as a listed record, or why it is none. */
function readRecord(value: unknown): { record: CheckpointRecord } | { reason: string } {
  try {
    return {
      record: parseCheckpointRecord(value, ({ text }) => {
        throw new Error(text);
      }),
    };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class IndexedDbCheckpointStore implements CheckpointStore {
  constructor(private readonly db: InklabDb) {}

  describe(id: string): string {
    return `checkpoint "${id}" in this browser's storage`;
  }

  /** Saves (or replaces) `id`, as the Trainer's ModelCheckpoint does after a validation. */
  async save(id: string, bytes: Uint8Array): Promise<void> {
    assertCheckpointId(id, STORE);
    const { meta } = decodeCheckpoint(bytes, this.describe(id));
    await this.write(checkpointRecord(id, meta, bytes.length), bytes, 'replace');
  }

  /** Stores a new checkpoint (an import); refuses an id already in use, so nothing is overwritten. */
  async add(record: CheckpointRecord, bytes: Uint8Array): Promise<void> {
    assertCheckpointId(record.id, STORE);
    await this.write(record, bytes, 'insert');
  }

  async load(id: string): Promise<Uint8Array> {
    return (await this.get(id)).bytes;
  }

  async get(id: string): Promise<{ record: CheckpointRecord; bytes: Uint8Array }> {
    assertCheckpointId(id, STORE);
    const tx = this.db.transaction(['checkpoints', 'checkpointBytes']);
    const [record, bytes] = await Promise.all([
      tx.objectStore('checkpoints').get(id),
      tx.objectStore('checkpointBytes').get(id),
      tx.done,
    ]);
    if (!record || !bytes) {
      throw new Error(
        `The ${this.describe(id)} does not exist (it may have been deleted in another tab). ` +
          'Refresh the checkpoint list.',
      );
    }
    return { record, bytes };
  }

  /** Deletes `id`; a missing id is not an error (the Trainer may evict what a user deleted). */
  async remove(id: string): Promise<void> {
    assertCheckpointId(id, STORE);
    await writeTransaction(this.db, ['checkpoints', 'checkpointBytes'], async (tx) => {
      await tx.objectStore('checkpoints').delete(id);
      await tx.objectStore('checkpointBytes').delete(id);
    });
  }

  /**
   * Deletes the record stored under `key` (as list() reported it, never rewritten into an id)
   * while it is unreadable: the one way to free a record no checkpoint id names. A readable
   * record is refused, so this never stands in for remove(); a missing one is no error.
   */
  async removeUnreadable(key: IDBValidKey): Promise<void> {
    await writeTransaction(this.db, ['checkpoints', 'checkpointBytes'], async (tx) => {
      const records = tx.objectStore('checkpoints');
      const value: unknown = await records.get(key);
      if (value !== undefined && 'record' in readRecord(value)) {
        throw new Error(
          `The checkpoint "${String(key)}" is readable, so it is not deleted as an unreadable ` +
            'record. Refresh the checkpoint list and delete it from its row.',
        );
      }
      await records.delete(key);
      await tx.objectStore('checkpointBytes').delete(key);
    });
  }

  /**
   * Keeps the run's test metrics on the record of the checkpoint they were measured on. A
   * checkpoint deleted meanwhile (another tab) is no error: there is nothing to annotate.
   */
  async recordTest(id: string, metrics: Metrics): Promise<void> {
    assertCheckpointId(id, STORE);
    await writeTransaction(this.db, ['checkpoints'], async (tx) => {
      const records = tx.objectStore('checkpoints');
      const read = readRecord(await records.get(id));
      if ('record' in read) await records.put({ ...read.record, testMetrics: metrics });
    });
  }

  /**
   * The stored checkpoint whose bytes are `bytes`, if any: an import of a file downloaded from
   * here. Only records with the same run, epoch, step and save time are candidates, so the
   * bytes of one or two checkpoints are read, never all of them.
   */
  async findSame(meta: CheckpointMeta, bytes: Uint8Array): Promise<CheckpointRecord | undefined> {
    const { list } = await this.list();
    const candidates = list.filter(
      (r) =>
        r.runName === meta.runName &&
        r.epoch === meta.epoch &&
        r.step === meta.step &&
        r.createdAt === meta.createdAt &&
        r.bytes === bytes.length,
    );
    for (const record of candidates) {
      const stored = await this.db.get('checkpointBytes', record.id);
      if (stored && sameBytes(stored, bytes)) return record;
    }
    return undefined;
  }

  async has(id: string): Promise<boolean> {
    assertCheckpointId(id, STORE);
    return (await this.db.getKey('checkpoints', id)) !== undefined;
  }

  /**
   * Every stored record that passes the record schema, newest first, and the others with why
   * (written by an older Inklab, or by hand): one bad record never hides the rest.
   */
  async list(): Promise<CheckpointListing> {
    const tx = this.db.transaction('checkpoints');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    const list: CheckpointRecord[] = [];
    const unreadable: UnreadableCheckpoint[] = [];
    values.forEach((value: unknown, i) => {
      const read = readRecord(value);
      if ('record' in read) list.push(read.record);
      else unreadable.push({ id: String(keys[i]), key: keys[i], reason: read.reason });
    });
    return { list: list.sort(compareRecords), unreadable };
  }

  private async write(
    record: CheckpointRecord,
    bytes: Uint8Array,
    mode: 'insert' | 'replace',
  ): Promise<void> {
    const what = `checkpoint "${record.id}" (${megabytes(bytes.length)})`;
    try {
      await writeTransaction(this.db, ['checkpoints', 'checkpointBytes'], async (tx) => {
        const records = tx.objectStore('checkpoints');
        const files = tx.objectStore('checkpointBytes');
        // One request at a time: a request that throws synchronously must not leave another's
        // promise unobserved when the transaction aborts.
        if (mode === 'insert') {
          await records.add(record);
          await files.add(exactBytes(bytes), record.id);
        } else {
          await records.put(record);
          await files.put(exactBytes(bytes), record.id);
        }
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'ConstraintError') {
        throw new Error(
          `A checkpoint with id "${record.id}" is already stored; it was left as it is.`,
        );
      }
      throw storageError(error, what);
    }
  }
}
