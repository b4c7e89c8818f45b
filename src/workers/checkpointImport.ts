/**
 * Validating a checkpoint file the user imports, before anything is stored: size, format and
 * checksum, the metadata the studio lists, and a rebuild of its model to prove it loads.
 */
import {
  type Checkpoint,
  CheckpointError,
  type CheckpointMeta,
  decodeCheckpoint,
  encodeCheckpoint,
} from '../engine/checkpoint/format';
import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
import { restoreModel } from '../engine/checkpoint/moduleState';
import { checkpointFromTorch } from '../engine/pytorch/pytorchImport';
import { checkpointRecord } from './checkpointRecord';
import type { CheckpointListing, CheckpointRecord } from './protocol';
import { megabytes } from './storageErrors';

/**
 * Checks size, format, checksum and metadata; throws a message naming the file and the fix. A
 * `.safetensors` file from Inklab's PyTorch export or its train.py becomes a checkpoint of its
 * weights (the optimizer state stays in its own file: training restarts Adam's moments).
 */
export function decodeImportedCheckpoint(name: string, bytes: Uint8Array): Checkpoint {
  const file = `"${name}"`;
  if (bytes.length === 0) throw new Error(`${file} is empty. Choose a .ckpt file saved by Inklab.`);
  if (bytes.length > CHECKPOINT_MAX_BYTES) {
    throw new Error(
      `${file} is ${megabytes(bytes.length)}, more than the ${megabytes(CHECKPOINT_MAX_BYTES)} ` +
        'a checkpoint may have. Choose a .ckpt file saved by Inklab.',
    );
  }
  const checkpoint = name.endsWith('.safetensors')
    ? checkpointFromTorch(bytes, undefined, file)
    : decodeCheckpoint(bytes, file);
  // The schema allows any config (tests save none); the studio lists and resumes by model class.
  if (typeof checkpoint.meta.config.model_class !== 'string') {
    throw new CheckpointError(
      `${file} is not a usable Inklab checkpoint: meta.config.model_class is missing, so it ` +
        'names no model to rebuild. Choose a .ckpt file saved by Inklab.',
      'meta.config.model_class',
    );
  }
  return checkpoint;
}

/** A fresh id under the checkpoint's run, never one already in use. */
export function importedCheckpointId(
  checkpoint: Checkpoint,
  taken: (id: string) => boolean,
  unique: () => string,
): string {
  const epoch = String(checkpoint.meta.epoch).padStart(4, '0');
  for (;;) {
    const id = `${checkpoint.meta.runName}/epoch=${epoch}-imported-${unique()}.ckpt`;
    if (!taken(id)) return id;
  }
}

export interface CheckpointImportTarget {
  list(): Promise<CheckpointListing>;
  add(record: CheckpointRecord, bytes: Uint8Array): Promise<void>;
  /** The stored checkpoint with exactly these bytes, if any. */
  findSame(meta: CheckpointMeta, bytes: Uint8Array): Promise<CheckpointRecord | undefined>;
}

/**
 * Validates `bytes`, proves its model rebuilds, and stores it under a new id, unless the very
 * same file is stored already (a checkpoint downloaded from here and imported back): then that
 * record is returned and nothing is stored twice.
 */
export async function importCheckpointFile(
  name: string,
  bytes: Uint8Array,
  store: CheckpointImportTarget,
  unique: () => string = () => Date.now().toString(36),
): Promise<{ record: CheckpointRecord; alreadyStored: boolean }> {
  const checkpoint = decodeImportedCheckpoint(name, bytes);
  if (name.endsWith('.safetensors')) bytes = encodeCheckpoint(checkpoint);
  const same = await store.findSame(checkpoint.meta, bytes);
  if (same) return { record: same, alreadyStored: true };
  (await restoreModel(checkpoint, `"${name}"`)).dispose();
  const { list, unreadable } = await store.list();
  const ids = new Set([...list, ...unreadable].map((r) => r.id));
  const id = importedCheckpointId(checkpoint, (candidate) => ids.has(candidate), unique);
  const record = checkpointRecord(id, checkpoint.meta, bytes.length);
  await store.add(record, bytes);
  return { record, alreadyStored: false };
}
