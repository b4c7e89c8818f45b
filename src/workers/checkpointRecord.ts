import * as v from 'valibot';
import { CheckpointError } from '../engine/checkpoint/checkpointError';
import type { CheckpointMeta } from '../engine/checkpoint/format';
import {
  checkpointIdSchema,
  integer,
  isoDateSchema,
  metricsSchema,
  runNameSchema,
  text,
} from '../engine/checkpoint/schema';
import { safeFileName } from '../engine/safeFileName';
import { parseWith, type SchemaProblem } from '../engine/schemaIssue';
import type { CheckpointRecord } from './protocol';

/**
 * What a stored record must be before the page sees it (IndexedDB may hold anything). Its id
 * must be a checkpoint id, so every listed record can be loaded, exported and deleted.
 */
const checkpointRecordSchema = v.strictObject(
  {
    id: checkpointIdSchema,
    runName: runNameSchema,
    epoch: integer(),
    step: integer(),
    metrics: metricsSchema,
    bytes: integer(),
    createdAt: isoDateSchema,
    maxEpochs: integer(),
    modelClass: text(1, 64),
    dataClass: text(1, 64),
    testMetrics: v.optional(metricsSchema),
  },
  'must be a checkpoint record',
);

/** A record read back from IndexedDB, checked; `fail` gets the first problem. */
export function parseCheckpointRecord(
  value: unknown,
  fail: (problem: SchemaProblem) => never,
): CheckpointRecord {
  return parseWith(checkpointRecordSchema, value, 'record', fail);
}

/**
 * The metadata the Checkpoints panel lists, read from a checkpoint's own header and checked
 * with the schema listing reads back with, so nothing is stored that could not be listed.
 */
export function checkpointRecord(
  id: string,
  meta: CheckpointMeta,
  bytes: number,
): CheckpointRecord {
  return parseCheckpointRecord(recordOf(id, meta, bytes), ({ field, text }) => {
    throw new CheckpointError(
      `Checkpoint "${id}" cannot be listed: its ${text}. Choose a checkpoint saved by Inklab.`,
      field,
    );
  });
}

function recordOf(id: string, meta: CheckpointMeta, bytes: number): CheckpointRecord {
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
  return `${safeFileName(record.runName, 'run')}-epoch${record.epoch}.ckpt`;
}

/** The tfjs download's name: `<runName>-epoch-<N>-tfjs.zip`, as safe as checkpointFileName. */
export function tfjsZipName(record: Pick<CheckpointRecord, 'runName' | 'epoch'>): string {
  return `${safeFileName(record.runName, 'run')}-epoch-${record.epoch}-tfjs.zip`;
}

export function pytorchZipName(record: Pick<CheckpointRecord, 'runName' | 'epoch'>): string {
  return `${safeFileName(record.runName, 'run')}-epoch-${record.epoch}-pytorch.zip`;
}

export function onnxFileName(record: Pick<CheckpointRecord, 'runName' | 'epoch'>): string {
  return `${safeFileName(record.runName, 'run')}-epoch-${record.epoch}.onnx`;
}
