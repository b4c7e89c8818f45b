/**
 * Datasets the user imported (EMNIST from NIST's files), kept in IndexedDB in the same layout
 * as the built datasets: gzipped IDX files under `imported/`, and a manifest entry with each
 * file's size and SHA-256 so the data modules verify them exactly as they verify built ones.
 */
import type { PackedDataset } from '../engine/data/datasetPack';
import type { FileInfo } from '../engine/data/manifest';
import { sha256Hex } from '../engine/data/sha256';
import type { DatasetSource } from '../engine/data/types';
import { writeTransaction } from './idbTransaction';
import { exactBytes, type ImportedDataset, type InklabDb } from './inklabDb';
import { megabytes, storageError } from './storageErrors';

/** Every imported file's path starts with this, so it never collides with a built one. */
export const IMPORTED_DIR = 'imported';

export class ImportedDatasetStore implements DatasetSource {
  constructor(private readonly db: InklabDb) {}

  list(): Promise<ImportedDataset[]> {
    return this.db.getAll('datasets');
  }

  describe(path: string): string {
    return `imported dataset file "${path}" in this browser's storage`;
  }

  async read(path: string): Promise<Uint8Array> {
    const bytes = await this.db.get('datasetFiles', path);
    if (!bytes) {
      throw new Error(
        `The ${this.describe(path)} is missing (browser storage may have been cleared). ` +
          'Import the EMNIST files again.',
      );
    }
    return bytes;
  }

  /**
   * Stores `packed`, replacing an earlier import of the same dataset in the same transaction:
   * if it fails (storage full), the earlier import stays usable.
   */
  async replace(packed: PackedDataset): Promise<ImportedDataset> {
    const outside = [...packed.files.keys()].find((p) => !p.startsWith(`${IMPORTED_DIR}/`));
    if (outside)
      throw new Error(`Imported dataset file "${outside}" must be under ${IMPORTED_DIR}/.`);
    const files: Record<string, FileInfo> = {};
    let total = 0;
    for (const [path, bytes] of packed.files) {
      files[path] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
      total += bytes.length;
    }
    const dataset: ImportedDataset = {
      entry: packed.entry,
      files,
      importedAt: new Date().toISOString(),
    };
    try {
      await writeTransaction(this.db, ['datasets', 'datasetFiles'], async (tx) => {
        const old = await tx.objectStore('datasets').get(packed.entry.name);
        for (const path of Object.keys(old?.files ?? {})) {
          if (!packed.files.has(path)) await tx.objectStore('datasetFiles').delete(path);
        }
        for (const [path, bytes] of packed.files) {
          await tx.objectStore('datasetFiles').put(exactBytes(bytes), path);
        }
        await tx.objectStore('datasets').put(dataset);
      });
    } catch (error) {
      throw storageError(error, `the imported ${packed.entry.name} dataset (${megabytes(total)})`);
    }
    return dataset;
  }
}
