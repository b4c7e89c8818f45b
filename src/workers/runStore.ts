/**
 * Run records in IndexedDB, by run name. Every record is checked when read, as IndexedDB may
 * hold anything; one that fails is counted and left out, so a bad record never hides the rest.
 */
import { parseRunRecord, type RunRecord } from '../engine/runs/runRecord';
import type { InklabDb } from './inklabDb';

/** A stored record that fails the schema: its key as text and as stored, and why. */
export interface UnreadableRun {
  id: string;
  key: IDBValidKey;
  reason: string;
}

export interface RunListing {
  runs: RunRecord[];
  /** Records that could not be read, each with why. */
  unreadable: UnreadableRun[];
}

function read(value: unknown): { record: RunRecord } | { reason: string } {
  try {
    return {
      record: parseRunRecord(value, ({ text }) => {
        throw new Error(text);
      }),
    };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

export class RunStore {
  constructor(private readonly db: InklabDb) {}

  async list(): Promise<RunListing> {
    const tx = this.db.transaction('runs');
    const listing: RunListing = { runs: [], unreadable: [] };
    for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
      const result = read(cursor.value);
      if ('record' in result) listing.runs.push(result.record);
      else
        listing.unreadable.push({ id: String(cursor.key), key: cursor.key, reason: result.reason });
    }
    listing.runs.sort((a, b) => b.startedAt - a.startedAt);
    return listing;
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const value: unknown = await this.db.get('runs', id);
    if (value === undefined) return undefined;
    const result = read(value);
    return 'record' in result ? result.record : undefined;
  }

  /** Checked before it is written, so what is stored can always be listed. */
  async put(record: RunRecord): Promise<void> {
    const result = read(record);
    if (!('record' in result))
      throw new Error(`Run "${record.id}" cannot be kept: ${result.reason}`);
    await this.db.put('runs', record, record.id);
  }

  async remove(id: string): Promise<void> {
    await this.db.delete('runs', id);
  }

  /** Deletes a record the listing could not read, by its stored key; a readable one is refused. */
  async removeUnreadable(key: IDBValidKey): Promise<void> {
    const tx = this.db.transaction('runs', 'readwrite');
    const value: unknown = await tx.store.get(key);
    if (value !== undefined && 'record' in read(value)) {
      throw new Error(
        `The run "${String(key)}" is readable, so it is not deleted as an unreadable record. Delete it from its row in the table.`,
      );
    }
    await tx.store.delete(key);
    await tx.done;
  }
}
