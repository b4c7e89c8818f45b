import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { initBackend } from '../engine/backends/initBackend';
import { decodeCheckpoint } from '../engine/checkpoint/format';
import { exportTfjsModel } from '../engine/checkpoint/tfjsExport';
import {
  ConfigError,
  DEFAULT_DATA_CLASS,
  DEFAULT_MODEL_CLASS,
  type ExperimentConfig,
  flagsFor,
  resolveConfig,
} from '../engine/config';
import { errorMessage } from '../engine/errorMessage';
import type { TrainerEvent } from '../engine/events';
import { Experiment } from '../engine/experiment';
import type { FlagSpec } from '../engine/flagSpec';
import { formatSummary } from '../engine/models/summary';
import { FileCheckpointStore } from '../node/fileCheckpointStore';
import { FileDatasetSource } from '../node/fileDatasetSource';
import { writeTfjsModelDir } from '../node/tfjsModelDir';
import { availableThreads, initWasmWithThreads } from '../node/wasmThreads';
import { parseArgv } from './argv';
import { confusionReport } from './confusionReport';
import { ProgressBar } from './progressBar';

/** Flags of the command itself, beside the experiment's. */
const cliFlags: FlagSpec[] = [
  {
    name: 'data_dir',
    type: 'string',
    default: 'public/datasets',
    help: 'folder built by npm run datasets',
  },
  {
    name: 'checkpoint_dir',
    type: 'string',
    default: 'checkpoints',
    help: 'where checkpoints are written',
  },
  {
    name: 'threads',
    type: 'int',
    default: availableThreads(),
    help: 'threads of the wasm backend (XNNPACK pool); default: the cores available',
    min: 1,
  },
  { name: 'load_checkpoint', type: 'string', help: 'a .ckpt file to resume (continues its run)' },
  {
    name: 'export_tfjs',
    type: 'string',
    help: 'write the best checkpoint as a tfjs layers model into DIR',
  },
  {
    name: 'confusion',
    type: 'boolean',
    default: false,
    help: 'after testing, print the most confused pairs and the look-alike-merged accuracy',
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
const booleanFlags = new Set(['confusion', 'json', 'help']);

function helpText(specs: FlagSpec[], dataClass: string, modelClass: string): string {
  const row = (s: FlagSpec) => {
    const value =
      s.type === 'boolean' ? '' : ` ${s.choices ? s.choices.join('|') : s.type.toUpperCase()}`;
    const def = s.default === undefined || s.type === 'boolean' ? '' : ` (default ${s.default})`;
    return `  --${s.name}${value}\n      ${s.help}${def}`;
  };
  return [
    'Usage: npm run experiment -- [flags]',
    '',
    'Trains a model on a dataset, tests the best checkpoint, like the lab’s run_experiment.py.',
    `Flags for --data_class ${dataClass} and --model_class ${modelClass}:`,
    '',
    ...specs.map(row),
  ].join('\n');
}

function parseCommandLine(argv: string[]) {
  const raw = parseArgv(argv, booleanFlags);
  const dataClass = String(raw.data_class ?? DEFAULT_DATA_CLASS);
  const modelClass = String(raw.model_class ?? DEFAULT_MODEL_CLASS);
  const specs = flagsFor(dataClass, modelClass, cliFlags);
  if (raw.help) return { help: helpText(specs, dataClass, modelClass) } as const;
  return { config: resolveConfig(raw, specs) as ExperimentConfig } as const;
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

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      (error instanceof Error && /Unknown (model|data) class/.test(error.message))
    ) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if ('help' in parsed) {
    console.log(parsed.help);
    return 0;
  }
  const config = parsed.config;
  const hardware =
    config.backend === 'wasm'
      ? await initWasmWithThreads(Number(config.threads))
      : await initBackend(config.backend as 'cpu');
  const store = new FileCheckpointStore(String(config.checkpoint_dir));
  const resumePath = config.load_checkpoint as string | undefined;
  const resume = resumePath
    ? decodeCheckpoint(new Uint8Array(await readFile(resumePath)), resolve(resumePath))
    : undefined;
  const bar = new ProgressBar(process.stderr);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nStopping after this step (Ctrl-C again to quit now)...');
    controller.abort();
  });
  const experiment = new Experiment(config, {
    source: new FileDatasetSource(String(config.data_dir)),
    store,
    hardware,
    resume,
    logEveryNSteps: 10,
    signal: controller.signal,
    onEvent: (event) => printEvent(event, bar),
  });
  const result = await experiment.run();
  const best = result.bestCheckpoint ? store.path(result.bestCheckpoint) : undefined;
  if (best) console.log(`Best checkpoint: ${best}`);
  if (config.export_tfjs && result.bestCheckpoint) {
    const module = await experiment.loadCheckpoint(result.bestCheckpoint);
    const files = await exportTfjsModel(module.model, experiment.dataModule.config().mapping, {
      run: experiment.trainer.options.runName,
      checkpoint: result.bestCheckpoint,
    });
    console.log(
      `Exported tfjs model: ${await writeTfjsModelDir(String(config.export_tfjs), files)}`,
    );
    module.dispose();
  }
  if (config.confusion) console.log(await confusionReport(experiment, result.bestCheckpoint));
  experiment.dispose();
  if (config.json) {
    console.log(
      JSON.stringify({
        ...result.metrics,
        parameters: result.parameters,
        checkpoint: best ?? null,
        finish_reason: result.finishReason,
      }),
    );
  }
  // The error itself was printed as the run's error-level log line.
  return result.finishReason === 'diverged' ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`error: ${errorMessage(error)}`);
    process.exit(1);
  },
);
