/**
 * The studio's IndexedDB database: stored checkpoints (metadata and bytes apart, so listing
 * never reads megabytes of weights), datasets the user imported, measured backend speeds and
 * the history of runs.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DatasetEntry, FileInfo } from '../engine/data/manifest';
import type { CheckpointRecord } from './protocol';

export const INKLAB_DB_NAME = 'inklab';
const DB_VERSION = 3;

/** An imported dataset's manifest entry with the size and SHA-256 of each of its files. */
export interface ImportedDataset {
  entry: DatasetEntry;
  files: Record<string, FileInfo>;
  importedAt: string;
}

export interface InklabSchema extends DBSchema {
  // Inklab stores checkpoints under checkpoint ids, but a record written by hand or by an older
  // Inklab may sit under any key: reading and deleting such records must not assume a string.
  checkpoints: { key: IDBValidKey; value: CheckpointRecord };
  checkpointBytes: { key: IDBValidKey; value: Uint8Array };
  datasets: { key: string; value: ImportedDataset };
  datasetFiles: { key: string; value: Uint8Array };
  // Backend speeds measured for a model on this device (backendMeasure.ts), by model + device;
  // read back unchecked, as anything stored may be.
  backendMeasurements: { key: string; value: unknown };
  // Run records (src/engine/runs/runRecord.ts) by run name; checked on every read.
  runs: { key: IDBValidKey; value: unknown };
}

export type InklabDb = IDBPDatabase<InklabSchema>;

export function openInklabDb(name = INKLAB_DB_NAME): Promise<InklabDb> {
  return openDB<InklabSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('checkpoints', { keyPath: 'id' });
        db.createObjectStore('checkpointBytes');
        db.createObjectStore('datasets', { keyPath: 'entry.name' });
        db.createObjectStore('datasetFiles');
      }
      if (oldVersion < 2) db.createObjectStore('backendMeasurements');
      if (oldVersion < 3) db.createObjectStore('runs');
    },
  });
}

/** A copy only when `bytes` views part of a larger buffer: IndexedDB would store all of it. */
export function exactBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}
