/**
 * A CLI run's Lightning logs (metrics.csv, and hparams.yaml when given) as a run record, so the
 * Runs view compares CLI and studio runs together. The files come from outside: every cell and
 * value is checked, and the record is checked with the stored records' schema.
 */
import { parse as parseYaml } from 'yaml';
import { MAX_RUN_NAME_LENGTH } from '../checkpoint/checkpointId';
import { crc32 } from '../checkpoint/crc32';
import { parseCsv } from '../csvText';
import { errorMessage } from '../errorMessage';
import type { Metrics } from '../events';
import { safeFileName } from '../safeFileName';
import { appendLoss, type LossBucket } from './lossBuckets';
import {
  type EpochRecord,
  LOG_FILE_MAX_BYTES,
  parseRunRecord,
  RUN_RECORD_VERSION,
  type RunLogLine,
  type RunRecord,
} from './runRecord';

const MAX_ROWS = 2_000_000;

export class RunImportError extends Error {
  override readonly name = 'RunImportError';
}

export interface LightningFiles {
  metricsCsv: string;
  hparamsYaml?: string;
  /** When metrics.csv was last written (epoch ms): the run's date, as the files keep no times. */
  modifiedAt: number;
}

type FlagValue = string | number | boolean;

/** Python's csv writes floats as repr: `nan` and `inf` too. */
function cellNumber(cell: string, where: string): number {
  const named: Record<string, number> = { nan: Number.NaN, inf: Infinity, '-inf': -Infinity };
  const value = cell.toLowerCase() in named ? named[cell.toLowerCase()] : Number(cell);
  if (cell.trim() === '' || (Number.isNaN(value) && cell.toLowerCase() !== 'nan')) {
    throw new RunImportError(`metrics.csv ${where} holds '${cell.slice(0, 40)}', not a number.`);
  }
  return value;
}

function readRows(text: string): Record<string, number>[] {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new RunImportError(`metrics.csv is not CSV: ${errorMessage(error)}.`);
  }
  const [header, ...lines] = table;
  if (!header?.includes('step')) {
    throw new RunImportError(
      'metrics.csv has no step column: choose the metrics.csv of a Lightning CSVLogger run (lightning_logs/<run>/version_N/).',
    );
  }
  if (lines.length > MAX_ROWS) throw new RunImportError(`metrics.csv has over ${MAX_ROWS} rows.`);
  return lines.map((cells, r) => {
    if (cells.length !== header.length) {
      throw new RunImportError(
        `metrics.csv row ${r + 2} has ${cells.length} cells; its header has ${header.length}.`,
      );
    }
    const row: Record<string, number> = {};
    cells.forEach((cell, c) => {
      if (cell !== '') row[header[c]] = cellNumber(cell, `row ${r + 2}, column "${header[c]}"`);
    });
    if (!Number.isInteger(row.step) || row.step < 0)
      throw new RunImportError(`metrics.csv row ${r + 2} has no whole step.`);
    return row;
  });
}

/** hparams.yaml's flags; values that are not plain scalars are left out, and said so. */
function readHparams(text: string | undefined, log: RunLogLine[]): Record<string, FlagValue> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    // Aliases are how a few bytes of YAML expand into gigabytes: a flag file has none.
    value = parseYaml(text, { version: '1.1', maxAliasCount: 0, uniqueKeys: true });
  } catch (error) {
    throw new RunImportError(`hparams.yaml is not YAML: ${errorMessage(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RunImportError('hparams.yaml must map flag names to values (name: value lines).');
  }
  const flags: Record<string, FlagValue> = {};
  const skipped: string[] = [];
  for (const [name, flag] of Object.entries(value)) {
    if (typeof flag === 'string' || typeof flag === 'boolean') flags[name] = flag;
    else if (typeof flag === 'number' && Number.isFinite(flag)) flags[name] = flag;
    else if (flag !== null) skipped.push(name);
  }
  if (skipped.length > 0)
    log.push({
      level: 'warn',
      text: `hparams.yaml: left out ${skipped.join(', ')} (not a flag value).`,
    });
  return flags;
}

const metricNames = (row: Record<string, number>) =>
  Object.keys(row).filter((k) => k !== 'step' && k !== 'epoch');

/** The run name: the classes, `cli`, and a checksum of the files, so a second import is the same run. */
function runNameOf(flags: Record<string, FlagValue>, files: LightningFiles): string {
  const bytes = new TextEncoder().encode(`${files.metricsCsv}\0${files.hparamsYaml ?? ''}`);
  const sum = crc32(bytes).toString(16).padStart(8, '0');
  const part = (v: FlagValue | undefined) => safeFileName(String(v ?? 'run')).slice(0, 40);
  return `${part(flags.model_class)}-${part(flags.data_class)}-cli-${sum}`.slice(
    0,
    MAX_RUN_NAME_LENGTH,
  );
}

export function importLightningRun(files: LightningFiles): RunRecord {
  for (const [name, text] of [
    ['metrics.csv', files.metricsCsv],
    ['hparams.yaml', files.hparamsYaml ?? ''],
  ] as const) {
    if (text.length > LOG_FILE_MAX_BYTES)
      throw new RunImportError(`${name} is over ${LOG_FILE_MAX_BYTES / 1e6} MB: not a run's logs.`);
  }
  const log: RunLogLine[] = [];
  const rows = readRows(files.metricsCsv);
  const flags = readHparams(files.hparamsYaml, log);
  const trainLoss: LossBucket[] = [];
  const epochs = new Map<number, EpochRecord>();
  let test: Metrics | undefined;
  for (const row of rows) {
    const names = metricNames(row);
    const epoch = Number.isInteger(row.epoch) && row.epoch >= 0 ? row.epoch : 0;
    if (names.some((n) => n.startsWith('test/'))) {
      test = { ...test, ...Object.fromEntries(names.map((n) => [n, row[n]])) };
      continue;
    }
    if (names.length === 1 && names[0] === 'train/loss') {
      appendLoss(trainLoss, row.step, 0, row['train/loss']);
      continue;
    }
    const entry = epochs.get(epoch) ?? { epoch, step: row.step, ms: 0, metrics: {} };
    entry.step = Math.max(entry.step, row.step);
    for (const name of names) {
      // Back to the studio's names: the epoch mean is train/loss, the learning rate lr.
      const key = name === 'train/loss_epoch' ? 'train/loss' : name.startsWith('lr-') ? 'lr' : name;
      entry.metrics[key] = row[name];
    }
    epochs.set(epoch, entry);
  }
  const epochList = [...epochs.values()].sort((a, b) => a.epoch - b.epoch);
  const maxEpochs =
    typeof flags.max_epochs === 'number' ? flags.max_epochs : (epochList.at(-1)?.epoch ?? -1) + 1;
  const id = runNameOf(flags, files);
  log.push({
    level: 'info',
    text: 'Imported from metrics.csv and hparams.yaml; the files keep no times, so durations and wall-time curves are unknown.',
  });
  const record = {
    version: RUN_RECORD_VERSION,
    id,
    name: id,
    tags: ['cli'],
    origin: 'imported',
    config: flags,
    inklabVersion: '',
    datasets: {},
    ...(typeof flags.backend === 'string'
      ? { hardware: { backend: flags.backend, description: 'npm run experiment (imported logs)' } }
      : {}),
    startedAt: files.modifiedAt,
    status: test || epochList.length >= maxEpochs ? 'completed' : 'stopped',
    maxEpochs,
    batchesPerEpoch: epochList[0]?.step ?? 0,
    trainLoss,
    epochs: epochList,
    ...(test ? { test } : {}),
    checkpoints: [],
    log,
  };
  return parseRunRecord(record, ({ text }) => {
    throw new RunImportError(`These logs do not make a run record: ${text.replace(/\.?$/, '.')}`);
  });
}
