import type { CheckpointMeta } from '../engine/checkpoint/format';
import type { CheckpointRecord } from './protocol';

/** The metadata the Checkpoints panel lists, read from a checkpoint's own header. */
export function checkpointRecord(
  id: string,
  meta: CheckpointMeta,
  bytes: number,
): CheckpointRecord {
  return {
    id,
    runName: meta.runName,
    epoch: meta.epoch,
    step: meta.step,
    metrics: meta.metrics,
    bytes,
    createdAt: meta.createdAt,
    maxEpochs: Number(meta.config.max_epochs ?? meta.epoch + 1),
    modelClass: String(meta.config.model_class ?? 'unknown'),
    dataClass: String(meta.config.data_class ?? 'unknown'),
  };
}

/** Newest first; within one run, the latest epoch first. */
export function compareRecords(a: CheckpointRecord, b: CheckpointRecord): number {
  return b.createdAt.localeCompare(a.createdAt) || b.epoch - a.epoch || a.id.localeCompare(b.id);
}

/** A file name for a download: `<runName>-epoch<N>.ckpt`, safe on every file system. */
export function checkpointFileName(record: Pick<CheckpointRecord, 'runName' | 'epoch'>): string {
  const run = record.runName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'run';
  return `${run}-epoch${record.epoch}.ckpt`;
}
