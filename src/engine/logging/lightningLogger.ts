/**
 * A run's logs as Lightning's CSVLogger and TensorBoardLogger write them, built from the
 * Trainer's events: `metrics.csv` (train/loss each logged step, each epoch's train metrics, each
 * validation, the test), `hparams.yaml` (the run's config) and a TensorBoard event file with the
 * same scalars and the hparams plugin's records. Pure: the caller writes the files.
 */
import { type ScalarTag, stringify } from 'yaml';
import type { ConfigValue } from '../config';
import type { FinishReason, Metrics, TrainerEvent } from '../events';
import type { LoggerName } from './loggerNames';
import { MetricsCsv } from './metricsCsv';
import {
  experimentRecord,
  fileVersionRecord,
  type HParamValue,
  type SessionStatus,
  scalarRecord,
  sessionEndRecord,
  sessionStartRecord,
} from './tensorboardEvents';

export const METRICS_FILE = 'metrics.csv';
export const HPARAMS_FILE = 'hparams.yaml';

/** The step series and the epoch mean share `train/loss`; Lightning's suffix tells them apart. */
const EPOCH_LOSS = 'train/loss_epoch';

const STATUS: Record<FinishReason, SessionStatus> = {
  completed: 'STATUS_SUCCESS',
  earlyStopping: 'STATUS_SUCCESS',
  diverged: 'STATUS_FAILURE',
  stopped: 'STATUS_UNKNOWN',
  pruned: 'STATUS_UNKNOWN',
};

/** The config's set values (flags left unset have none), keys sorted as PyYAML dumps them. */
export function hyperparameters(config: Record<string, ConfigValue>): Record<string, HParamValue> {
  return Object.fromEntries(
    Object.entries(config)
      .filter((entry): entry is [string, HParamValue] => entry[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/**
 * A float in exponent notation as PyYAML reads it back as a float: YAML 1.1 wants a dot in the
 * mantissa and a sign in the exponent (`1.0e-07`), where JavaScript writes `1e-7`.
 */
const pythonFloat: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: /^[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+$/,
  resolve: (text: string) => Number(text.replaceAll('_', '')),
  identify: (value: unknown) => typeof value === 'number' && /e/.test(String(value)),
  stringify: ({ value }) => {
    const [mantissa, exponent] = String(value).split('e');
    const sign = /^[-+]/.test(exponent) ? '' : '+';
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${sign}${exponent}`;
  },
};

/**
 * hparams.yaml as Lightning's save_hparams_to_yaml writes it (PyYAML's yaml.dump: block style,
 * sorted), in YAML 1.1 as PyYAML reads it: strings such as `yes` or `on` quoted, floats with a dot.
 */
export function hparamsYaml(hparams: Record<string, HParamValue>): string {
  return stringify(hparams, { version: '1.1', customTags: (tags) => [pythonFloat, ...tags] });
}

export interface LogFiles {
  /** Absent until a metric is logged, as with Lightning. */
  metricsCsv?: string;
  /** The whole event file so far; absent without the tensorboard logger. */
  events?: Uint8Array;
}

export class LightningLogger {
  private readonly csv = new MetricsCsv();
  private readonly records: Uint8Array[] = [];
  private readonly hparams: Record<string, HParamValue>;
  /** hparams.yaml: the config does not change during a run. */
  readonly hparamsYaml: string;
  private readonly metricTags: string[] = [];
  private epoch = 0;
  private step = 0;

  constructor(
    private readonly loggers: LoggerName[],
    config: Record<string, ConfigValue>,
    private readonly now: () => number = Date.now,
  ) {
    this.hparams = hyperparameters(config);
    this.hparamsYaml = hparamsYaml(this.hparams);
    if (this.tensorboard) {
      const t = this.now();
      this.records.push(fileVersionRecord(t), sessionStartRecord(t, this.hparams));
    }
  }

  private get tensorboard(): boolean {
    return this.loggers.includes('tensorboard');
  }

  /** Takes one event; true when the files changed in a way worth writing now. */
  handle(event: TrainerEvent): boolean {
    switch (event.type) {
      case 'runStarted':
        this.epoch = event.startEpoch;
        this.step = event.startStep;
        return true;
      case 'step':
        this.epoch = event.epoch;
        this.step = event.step;
        if (event.loss !== undefined) this.log({ 'train/loss': event.loss });
        return false;
      case 'epochEnd': {
        const { 'train/loss': loss, ...rest } = event.metrics;
        this.log(loss === undefined ? rest : { [EPOCH_LOSS]: loss, ...rest });
        return false;
      }
      case 'validation':
        this.log(event.metrics, true);
        return true;
      case 'test':
        // The test runs after fit: its row belongs to the run's last epoch and step.
        this.log(event.metrics, true);
        return true;
      case 'finished':
        this.endSession(STATUS[event.reason]);
        return true;
      case 'error':
        this.endSession('STATUS_FAILURE');
        return true;
      default:
        return false;
    }
  }

  /** The experiment record goes last, when every metric tag is known. */
  private endSession(status: SessionStatus): void {
    if (!this.tensorboard) return;
    const t = this.now();
    this.records.push(
      experimentRecord(t, this.hparams, this.metricTags),
      sessionEndRecord(t, status),
    );
  }

  private log(metrics: Metrics, isHParamsMetric = false): void {
    if (Object.keys(metrics).length === 0) return;
    if (isHParamsMetric) {
      for (const tag of Object.keys(metrics))
        if (!this.metricTags.includes(tag)) this.metricTags.push(tag);
    }
    if (this.loggers.includes('csv'))
      this.csv.add({ ...metrics, epoch: this.epoch, step: this.step });
    if (this.tensorboard) {
      const t = this.now();
      for (const [tag, value] of Object.entries({ ...metrics, epoch: this.epoch }))
        this.records.push(scalarRecord(t, this.step, tag, value));
    }
  }

  files(): LogFiles {
    return {
      ...(this.csv.size > 0 ? { metricsCsv: this.csv.text() } : {}),
      ...(this.tensorboard ? { events: concat(this.records) } : {}),
    };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
