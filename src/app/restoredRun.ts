import type { RunRecord } from '../engine/runs/runRecord';
import { appendPoint, emptySeries } from './series';
import { initialRun, LOG_CAP, type RunState } from './state';

/**
 * The run panel's state rebuilt from a stored record, so its charts, metrics and log come back
 * after a reload. A record still 'running' belonged to a page that closed: it shows as failed,
 * and its last checkpoint is where Resume continues.
 */
export function restoredRun(record: RunRecord, nextLogId: number): RunState {
  let trainLoss = emptySeries;
  for (const [step, , mean] of record.trainLoss) trainLoss = appendPoint(trainLoss, step, mean);
  let learningRate = emptySeries;
  for (const { step, metrics } of record.epochs) {
    if (metrics.lr !== undefined) learningRate = appendPoint(learningRate, step, metrics.lr);
  }
  const validation = record.epochs
    .filter((e) => e.metrics['validation/loss'] !== undefined)
    .map((e) => ({
      epoch: e.epoch,
      loss: e.metrics['validation/loss'],
      acc: e.metrics['validation/acc'],
    }));
  const ended = record.status !== 'running';
  const failed = record.status === 'error' || record.status === 'diverged' || !ended;
  const log = record.log.slice(-LOG_CAP).map((line, i) => ({ ...line, id: nextLogId + i }));
  const lastEpoch = record.epochs.at(-1);
  return {
    ...initialRun,
    status: failed ? 'error' : 'finished',
    error: failed ? (record.message ?? 'The page closed while this run was training.') : undefined,
    config: Object.fromEntries(
      Object.entries(record.config).map(([name, value]) => [name, String(value)]),
    ),
    lastCheckpoint: record.checkpoints.at(-1),
    started: true,
    runName: record.id,
    hardware: record.hardware,
    maxEpochs: record.maxEpochs,
    batchesPerEpoch: record.batchesPerEpoch,
    trainLoss,
    learningRate,
    validation,
    testMetrics: record.test,
    finishReason:
      record.status === 'running' || record.status === 'error' ? undefined : record.status,
    progress: lastEpoch && {
      epoch: lastEpoch.epoch,
      batch: record.batchesPerEpoch,
      batches: record.batchesPerEpoch,
      step: lastEpoch.step,
      samplesPerSec: record.samplesPerSec ?? 0,
      fraction: Math.min(1, (lastEpoch.epoch + 1) / Math.max(1, record.maxEpochs)),
    },
    log,
    nextLogId: nextLogId + log.length,
  };
}
