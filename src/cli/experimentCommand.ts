import { basename, dirname, resolve } from 'node:path';
import type { BackendName } from '../engine/backends/initBackend';
import { type Checkpoint, decodeCheckpoint } from '../engine/checkpoint/format';
import { exportTfjsModel } from '../engine/checkpoint/tfjsExport';
import type { ExperimentConfig } from '../engine/config';
import {
  ConfigError,
  DEFAULT_DATA_CLASS,
  DEFAULT_MODEL_CLASS,
  flagsFor,
  newRunConfig,
} from '../engine/config';
import type { TrainerEvent } from '../engine/events';
import { Experiment, type ExperimentResult } from '../engine/experiment';
import type { FlagSpec } from '../engine/flagSpec';
import type { Callback } from '../engine/lit/callback';
import { parseLoggers } from '../engine/logging/loggerNames';
import { MAX_LM_ORDER } from '../engine/metrics/charNgram';
import { formatSummary } from '../engine/models/summary';
import { onnxExport } from '../engine/onnx/onnxExport';
import { resumeConfig } from '../engine/resume';
import { writeFileAtomic } from '../node/atomicFile';
import { FileCheckpointStore } from '../node/fileCheckpointStore';
import { FileDatasetSource } from '../node/fileDatasetSource';
import { LightningLogDir } from '../node/lightningLogDir';
import { startNodeBackend } from '../node/nodeBackend';
import { writePytorchExportDir } from '../node/pytorchExportDir';
import { writeTfjsModelDir } from '../node/tfjsModelDir';
import { availableThreads } from '../node/wasmThreads';
import { parseArgv } from './argv';
import { confusionReport, errorAnalysisJson } from './confusionReport';
import { readCheckpointFlag } from './experimentFiles';
import { lineDecodingReport } from './lineDecodingReport';
import { ProgressBar } from './progressBar';

const checkpointDirDefault = 'checkpoints';

/** Flags of the command itself, beside the experiment's. */
export const cliFlags: FlagSpec[] = [
  {
    name: 'data_dir',
    type: 'string',
    default: 'public/datasets',
    help: 'folder built by npm run datasets',
  },
  {
    name: 'checkpoint_dir',
    type: 'string',
    default: checkpointDirDefault,
    help: "where checkpoints are written (resuming: the checkpoint's own folder)",
  },
  {
    name: 'logger',
    type: 'string',
    default: 'csv,tensorboard',
    help: "csv, tensorboard (comma-separated) or none: logs as Lightning's CSVLogger and TensorBoardLogger write them",
  },
  {
    name: 'log_dir',
    type: 'string',
    default: 'lightning_logs',
    help: 'where --logger writes <run>/version_N/ (metrics.csv, hparams.yaml, TensorBoard event file)',
  },
  {
    name: 'threads',
    type: 'int',
    default: availableThreads(),
    help: 'threads of the wasm backend (XNNPACK pool); default: the cores available',
    min: 1,
  },
  {
    name: 'load_checkpoint',
    type: 'string',
    help: 'a .ckpt file to continue: its run, config and optimizer state (only --max_epochs, limits, --check_val_every_n_epoch and --backend may change)',
  },
  {
    name: 'init_from',
    type: 'string',
    help: "a .ckpt file whose weights start a new run (fine-tuning); the model flags must match its model's",
  },
  {
    name: 'export_tfjs',
    type: 'string',
    help: 'write the best checkpoint as a tfjs layers model into DIR',
  },
  {
    name: 'export_pytorch',
    type: 'string',
    help: 'write the best checkpoint for PyTorch into DIR: model.py, weights.safetensors, the optimizer state, README.md',
  },
  {
    name: 'export_onnx',
    type: 'string',
    help: 'write the best checkpoint as an ONNX model (opset 13, probabilities out, mapping in its metadata) to FILE.onnx',
  },
  {
    name: 'overwrite',
    type: 'boolean',
    default: false,
    help: 'let --export_tfjs and --export_pytorch replace a folder that is not an earlier Inklab export (all it holds), and --export_onnx a file',
  },
  {
    name: 'confusion',
    type: 'boolean',
    default: false,
    help: 'after testing, print the most confused pairs and the look-alike-merged accuracy',
  },
  {
    name: 'beam_width',
    type: 'int',
    default: 0,
    min: 0,
    max: 256,
    help: 'after testing a CTC line model, decode the test lines by beam search of this width too and report its CER and WER beside greedy decoding (0: off)',
  },
  {
    name: 'lm_order',
    type: 'int',
    default: 0,
    min: 0,
    max: MAX_LM_ORDER,
    help: 'with --beam_width: a character n-gram model of this order, built from the training lines, scores the beams (0: none)',
  },
  {
    name: 'lm_weight',
    type: 'float',
    default: 0.5,
    min: 0,
    max: 10,
    help: "with --lm_order: the weight of the language model's log probability",
  },
  {
    name: 'lm_bonus',
    type: 'float',
    default: 0,
    min: -10,
    max: 10,
    help: 'with --lm_order: a score added per decoded character, against the language model favouring short output',
  },
  {
    name: 'json',
    type: 'boolean',
    default: false,
    help: 'end with one line of JSON: metrics, params, checkpoint',
  },
  {
    name: 'help',
    type: 'boolean',
    default: false,
    help: 'show the flags (with the chosen classes’ own)',
  },
];
export const booleanFlags = new Set(['confusion', 'json', 'help', 'overwrite']);

/** One flag in --help: its name, its values, its help and its default. */
export function flagHelp(s: FlagSpec): string {
  const value =
    s.type === 'boolean' ? '' : ` ${s.choices ? s.choices.join('|') : s.type.toUpperCase()}`;
  const def = s.default === undefined || s.type === 'boolean' ? '' : ` (default ${s.default})`;
  return `  --${s.name}${value}\n      ${s.help}${def}`;
}

export function helpText(specs: FlagSpec[], dataClass: string, modelClass: string): string {
  return [
    'Usage: npm run experiment -- [flags]',
    '',
    'Trains a model on a dataset, tests the best checkpoint, like the lab’s run_experiment.py.',
    `Flags for --data_class ${dataClass} and --model_class ${modelClass}:`,
    '',
    ...specs.map(flagHelp),
  ].join('\n');
}

/**
 * A resumed run keeps saving beside its checkpoint when the file sits in its run's folder
 * (`DIR/<runName>/epoch=....ckpt`); elsewhere, into the default folder.
 */
function runFolderParent(checkpointPath: string, runName: string): string {
  const folder = dirname(resolve(checkpointPath));
  return basename(folder) === runName ? dirname(folder) : String(checkpointDirDefault);
}

/**
 * The run's config from the command line: a new run's from the flags and defaults, a resumed
 * run's from its checkpoint (resumeConfig refuses flags that would change it).
 */
export async function parseCommandLine(argv: string[]) {
  const raw = parseArgv(argv, booleanFlags);
  const dataClass = String(raw.data_class ?? DEFAULT_DATA_CLASS);
  const modelClass = String(raw.model_class ?? DEFAULT_MODEL_CLASS);
  const specs = flagsFor(dataClass, modelClass, cliFlags);
  if (raw.help) return { help: helpText(specs, dataClass, modelClass) } as const;
  if (typeof raw.load_checkpoint === 'string' && raw.init_from !== undefined) {
    throw new ConfigError(
      '--load_checkpoint continues a run and --init_from starts a new one from its weights: give one of them.',
    );
  }
  if (typeof raw.load_checkpoint === 'string') {
    const resume = await readCheckpointFlag(raw.load_checkpoint, '--load_checkpoint');
    const config = resumeConfig(resume.meta, raw, cliFlags);
    if (raw.checkpoint_dir === undefined) {
      config.checkpoint_dir = runFolderParent(raw.load_checkpoint, resume.meta.runName);
    }
    return { config, resume } as const;
  }
  const config = newRunConfig(raw, cliFlags);
  const initFrom = config.init_from
    ? await readCheckpointFlag(String(config.init_from), '--init_from')
    : undefined;
  return { config, initFrom } as const;
}

function printEvent(event: TrainerEvent, bar: ProgressBar): void {
  switch (event.type) {
    case 'runStarted':
      console.log(`Run ${event.runName}`);
      console.log(`Hardware: TensorFlow.js ${event.hardware.description}`);
      if (event.summary) console.log(`\n${formatSummary(event.summary)}\n`);
      if (event.startEpoch > 0)
        console.log(`Resuming at epoch ${event.startEpoch}, step ${event.startStep}`);
      break;
    case 'step':
    case 'evalProgress':
      bar.handle(event);
      break;
    case 'validation':
    case 'test': {
      const title =
        event.type === 'test' ? 'Test metrics' : `Validation metrics (epoch ${event.epoch})`;
      console.log(`${title}:`);
      for (const [k, v] of Object.entries(event.metrics))
        console.log(`  ${k.padEnd(18)} ${v.toFixed(4)}`);
      break;
    }
    case 'checkpointSaved':
      console.log(`Saved checkpoint ${event.id}`);
      break;
    case 'log':
      if (event.level === 'error') console.error(`error: ${event.message}`);
      else console.log(event.message);
      break;
    default:
  }
}

/** Hooks for a caller that runs experiments itself (the sweep): extra callbacks and events. */
export interface CommandHooks {
  callbacks?: Callback[];
  onEvent?: (event: TrainerEvent) => void;
  runName?: string;
  /** Stops the run (the caller handles Ctrl-C); without it, Ctrl-C stops the run. */
  signal?: AbortSignal;
}

/** The first Ctrl-C stops after the current step; a second one quits (Node's default). */
export function stopOnCtrlC(controller: AbortController, what = 'this step'): void {
  process.once('SIGINT', () => {
    console.error(`\nStopping after ${what} (Ctrl-C again to quit now)...`);
    controller.abort();
  });
}

export interface CommandOutcome {
  /** The exit code: 1 when the run diverged (its error was printed as an error-level log line). */
  code: number;
  runName: string;
  result: ExperimentResult;
}

/** Trains, tests, exports and reports one experiment whose files were prepared. */
export async function runExperimentCommand(
  parsed: { config: ExperimentConfig; resume?: Checkpoint; initFrom?: Checkpoint },
  hooks: CommandHooks = {},
): Promise<CommandOutcome> {
  const config = parsed.config;
  if (Number(config.beam_width) > 0 && config.loss !== 'ctc') {
    throw new Error(
      '--beam_width decodes CTC line models: use it with --model_class LineCNN --loss ctc.',
    );
  }
  const hardware = await startNodeBackend(config.backend as BackendName, Number(config.threads));
  const store = new FileCheckpointStore(String(config.checkpoint_dir));
  const bar = new ProgressBar(process.stderr);
  const controller = new AbortController();
  if (hooks.signal)
    hooks.signal.addEventListener('abort', () => controller.abort(), { once: true });
  else stopOnCtrlC(controller);
  let logs: LightningLogDir | undefined;
  const experiment = new Experiment(config, {
    source: new FileDatasetSource(String(config.data_dir)),
    store,
    hardware,
    resume: parsed.resume,
    initFrom: parsed.initFrom,
    runName: hooks.runName,
    callbacks: hooks.callbacks,
    logEveryNSteps: 10,
    signal: controller.signal,
    onEvent: (event) => {
      printEvent(event, bar);
      logs?.handle(event);
      hooks.onEvent?.(event);
    },
  });
  const runName = experiment.trainer.options.runName;
  const loggers = parseLoggers(String(config.logger));
  if (loggers.length > 0) {
    const { help: _, ...hparams } = config;
    logs = await LightningLogDir.open(String(config.log_dir), runName, loggers, hparams, (m) =>
      console.error(`error: ${m}`),
    );
    console.log(`Logging to ${logs.dir} (${loggers.join(', ')})`);
  }
  let result: ExperimentResult;
  try {
    result = await experiment.run();
  } finally {
    await logs?.close();
  }
  const best = result.bestCheckpoint ? store.path(result.bestCheckpoint) : undefined;
  if (best) console.log(`Best checkpoint: ${best}`);
  if (config.export_tfjs && result.bestCheckpoint) {
    const module = await experiment.loadCheckpoint(result.bestCheckpoint);
    const files = await exportTfjsModel(module.model, experiment.dataModule.config().mapping, {
      run: runName,
      checkpoint: result.bestCheckpoint,
    });
    console.log(
      `Exported tfjs model: ${await writeTfjsModelDir(String(config.export_tfjs), files, config.overwrite === true)}`,
    );
    module.dispose();
  }
  // The best checkpoint, read once for the exports that take it.
  const exported =
    (config.export_pytorch || config.export_onnx) && result.bestCheckpoint
      ? decodeCheckpoint(await store.load(result.bestCheckpoint), best)
      : undefined;
  if (exported && config.export_pytorch) {
    console.log(
      `Exported for PyTorch: ${await writePytorchExportDir(String(config.export_pytorch), exported, String(config.data_dir), config.overwrite === true)}`,
    );
  }
  if (exported && config.export_onnx) {
    await writeFileAtomic(String(config.export_onnx), onnxExport(exported));
    console.log(`Exported ONNX model: ${resolve(String(config.export_onnx))}`);
  }
  const errors = config.confusion
    ? await confusionReport(experiment, result.bestCheckpoint)
    : undefined;
  if (errors) console.log(errors.text);
  const decoding =
    Number(config.beam_width) > 0
      ? await lineDecodingReport(experiment, result.bestCheckpoint)
      : undefined;
  if (decoding) console.log(decoding.text);
  experiment.dispose();
  if (config.json) {
    console.log(
      JSON.stringify({
        ...result.metrics,
        ...(errors?.analysis ? errorAnalysisJson(errors.analysis) : {}),
        ...decoding?.json,
        parameters: result.parameters,
        checkpoint: best ?? null,
        finish_reason: result.finishReason,
      }),
    );
  }
  return {
    code: result.finishReason === 'diverged' ? 1 : 0,
    runName,
    result,
  };
}
