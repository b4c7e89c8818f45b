import type { CheckpointRecord } from '../workers/protocol';

/** The stored checkpoints of one run, as the Checkpoints panel shows them. */
export interface RunGroup {
  runName: string;
  /** Latest epoch first. */
  records: CheckpointRecord[];
  /** What the run's checkpoints take in storage. */
  bytes: number;
  /** When its newest checkpoint was saved (ISO). */
  newest: string;
}

/** Checkpoints grouped by run, the run with the newest checkpoint first. */
export function groupByRun(records: readonly CheckpointRecord[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const record of records) {
    const group = groups.get(record.runName) ?? {
      runName: record.runName,
      records: [],
      bytes: 0,
      newest: record.createdAt,
    };
    group.records.push(record);
    group.bytes += record.bytes;
    if (record.createdAt > group.newest) group.newest = record.createdAt;
    groups.set(record.runName, group);
  }
  const byEpoch = (a: CheckpointRecord, b: CheckpointRecord) =>
    b.epoch - a.epoch || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  return [...groups.values()]
    .map((group) => ({ ...group, records: group.records.sort(byEpoch) }))
    .sort((a, b) => b.newest.localeCompare(a.newest) || a.runName.localeCompare(b.runName));
}

/**
 * One split's metrics of a record, named without the split ("validation/loss" -> "loss"), so
 * a classifier shows loss and acc and a CTC line model loss and cer.
 */
export function splitMetrics(
  metrics: Readonly<Record<string, number>> | undefined,
  split: 'validation' | 'test',
): { name: string; value: number }[] {
  const prefix = `${split}/`;
  return Object.entries(metrics ?? {})
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, value]) => ({ name: name.slice(prefix.length), value }));
}
