/**
 * `npm run sweep`: a hyperparameter sweep of `npm run experiment` runs. Flags given as lists
 * (`--lr 1e-3,3e-3`) or ranges (`--lr 1e-4:1e-2`) are swept, every other flag is fixed; trials
 * run one after another through the same command path, with median pruning if asked, and the
 * results land in one CSV, rewritten after every trial.
 */
import { join } from 'node:path';
import {
  ConfigError,
  DEFAULT_DATA_CLASS,
  DEFAULT_MODEL_CLASS,
  flagsFor,
  newRunConfig,
} from '../engine/config';
import { csvText } from '../engine/csvText';
import { errorMessage } from '../engine/errorMessage';
import { defaultRunName } from '../engine/experiment';
import type { FlagSpec } from '../engine/flagSpec';
import { MedianPruner } from '../engine/sweep/medianPruner';
import { MedianPruning } from '../engine/sweep/medianPruning';
import { planTrials, type TrialParams } from '../engine/sweep/sweepPlan';
import { isSweepText, parseSweepValues, type SweepParam } from '../engine/sweep/sweepSpec';
import { writeFileAtomic } from '../node/atomicFile';
import { parseArgv } from './argv';
import {
  booleanFlags,
  cliFlags,
  flagHelp,
  runExperimentCommand,
  stopOnCtrlC,
} from './experimentCommand';
import { PathFlagError, prepareExperimentFiles } from './experimentFiles';

const sweepFlags: FlagSpec[] = [
  {
    name: 'trials',
    type: 'int',
    min: 1,
    help: 'how many trials: the first N of a grid, or N random draws',
  },
  {
    name: 'method',
    type: 'string',
    choices: ['grid', 'random'],
    help: 'grid (default), or random (the default when a flag is a range)',
  },
  { name: 'sweep_seed', type: 'int', default: 0, min: 0, help: 'seed of the random search' },
  {
    name: 'prune',
    type: 'string',
    choices: ['none', 'median'],
    default: 'none',
    help: 'median: stop a trial whose monitored value is worse than the median of earlier trials at the same epoch',
  },
  {
    name: 'monitor',
    type: 'string',
    default: 'validation/loss',
    help: 'the metric that ranks trials and prunes them',
  },
  {
    name: 'mode',
    type: 'string',
    choices: ['min', 'max'],
    default: 'min',
    help: 'whether lower (min) or higher (max) monitored values are better',
  },
  {
    name: 'sweep_dir',
    type: 'string',
    default: 'sweeps',
    help: 'where each sweep writes <name>/results.csv',
  },
];
const SWEEP_NAMES = new Set(sweepFlags.map((f) => f.name));

interface TrialResult {
  index: number;
  runName: string;
  params: TrialParams;
  status: string;
  epochs: number;
  metrics: Record<string, number>;
  durationS: number;
}

const RESULT_METRICS = ['validation/loss', 'validation/acc', 'test/acc'];

function resultsCsv(swept: string[], results: TrialResult[]): string {
  const header = ['trial', 'run', ...swept, 'status', 'epochs', ...RESULT_METRICS, 'duration_s'];
  const rows = results.map((r) => [
    r.index,
    r.runName,
    ...swept.map((f) => r.params[f]),
    r.status,
    r.epochs,
    ...RESULT_METRICS.map((m) => r.metrics[m]),
    r.durationS.toFixed(1),
  ]);
  return csvText(header, rows);
}

function helpText(): string {
  return [
    'Usage: npm run sweep -- --lr 1e-3,3e-3 --conv_dim 16,32 [--trials N] [--prune median] [experiment flags]',
    '',
    'Runs one experiment per combination of the swept flags (lists a,b,c or ranges MIN:MAX[:log]);',
    'every other flag is fixed for all trials (see npm run experiment -- --help).',
    '',
    ...sweepFlags.map(flagHelp),
  ].join('\n');
}

function better(mode: string, a: number, b: number): boolean {
  return mode === 'max' ? a > b : a < b;
}

async function main(argv: string[]): Promise<number> {
  const raw = parseArgv(argv, booleanFlags);
  if (raw.help) {
    console.log(helpText());
    return 0;
  }
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => SWEEP_NAMES.has(k)));
  const options = newRunConfig(own, sweepFlags) as unknown as Record<
    string,
    string | number | undefined
  >;
  const fixed = Object.fromEntries(Object.entries(raw).filter(([k]) => !SWEEP_NAMES.has(k)));
  const specs = flagsFor(
    String(fixed.data_class ?? DEFAULT_DATA_CLASS),
    String(fixed.model_class ?? DEFAULT_MODEL_CLASS),
    cliFlags,
  );
  const params: SweepParam[] = [];
  for (const [name, value] of Object.entries(fixed)) {
    const spec = specs.find((s) => s.name === name);
    // Paths and free text are never swept: a folder name may hold a comma.
    const sweepable = spec && (spec.type !== 'string' || spec.choices);
    if (!sweepable || typeof value !== 'string' || !isSweepText(value)) continue;
    params.push({ flag: name, values: parseSweepValues(spec, value) });
    delete fixed[name];
  }
  const method = (options.method ??
    (params.some((p) => p.values.kind === 'range') ? 'random' : 'grid')) as 'grid' | 'random';
  const trials = planTrials({
    params,
    method,
    trials: options.trials as number | undefined,
    seed: Number(options.sweep_seed),
  });
  const swept = params.map((p) => p.flag);
  const sweepName = defaultRunName({
    model_class: 'sweep',
    data_class: String(fixed.data_class ?? DEFAULT_DATA_CLASS),
  });
  // Every trial's config is checked before the first trains.
  const configs = trials.map((trial) =>
    newRunConfig(
      { ...fixed, ...Object.fromEntries(Object.entries(trial).map(([k, v]) => [k, String(v)])) },
      cliFlags,
    ),
  );
  for (const config of configs) await prepareExperimentFiles(config, console.error);

  const resultsPath = join(String(options.sweep_dir), sweepName, 'results.csv');
  const pruner =
    options.prune === 'median'
      ? new MedianPruner({ monitor: String(options.monitor), mode: options.mode as 'min' | 'max' })
      : undefined;
  const controller = new AbortController();
  stopOnCtrlC(controller, 'this trial, and end the sweep');
  const results: TrialResult[] = [];
  console.log(
    `Sweep ${sweepName}: ${trials.length} trials (${method}) over ${swept.map((f) => `--${f}`).join(', ')}`,
  );
  for (const [i, trial] of trials.entries()) {
    if (controller.signal.aborted) break;
    const runName = `${sweepName}-trial-${i}`;
    console.log(
      `\nTrial ${i + 1}/${trials.length}: ${swept.map((f) => `--${f} ${trial[f]}`).join(' ')}`,
    );
    const started = Date.now();
    pruner?.beginTrial();
    let epochs = 0;
    let status: string;
    let metrics: Record<string, number> = {};
    try {
      const { result } = await runExperimentCommand(
        { config: configs[i] },
        {
          runName,
          signal: controller.signal,
          callbacks: pruner ? [new MedianPruning(pruner)] : [],
          onEvent: (event) => {
            if (event.type === 'validation') epochs = event.epoch + 1;
          },
        },
      );
      status = result.finishReason;
      metrics = result.metrics;
    } catch (error) {
      console.error(`error: trial ${i} failed: ${errorMessage(error)}`);
      status = 'error';
    }
    const durationS = (Date.now() - started) / 1000;
    results.push({ index: i, runName, params: trial, status, epochs, metrics, durationS });
    pruner?.endTrial();
    await writeFileAtomic(resultsPath, resultsCsv(swept, results));
  }

  console.log(`\nSweep ${sweepName}: results in ${resultsPath}`);
  for (const r of results) {
    const value = r.metrics[String(options.monitor)];
    console.log(
      `  trial ${r.index}  ${swept
        .map((f) => `${f}=${r.params[f]}`)
        .join(' ')
        .padEnd(
          30,
        )} ${r.status.padEnd(14)} ${options.monitor} ${value === undefined ? '–' : value.toFixed(4)}`,
    );
  }
  const ranked = results.filter(
    (r) =>
      (r.status === 'completed' || r.status === 'earlyStopping') &&
      Number.isFinite(r.metrics[String(options.monitor)]),
  );
  const best = ranked.reduce<TrialResult | undefined>(
    (b, r) =>
      b === undefined ||
      better(
        String(options.mode),
        r.metrics[String(options.monitor)],
        b.metrics[String(options.monitor)],
      )
        ? r
        : b,
    undefined,
  );
  console.log(
    JSON.stringify({
      sweep: sweepName,
      results: resultsPath,
      best: best
        ? { trial: best.index, run: best.runName, params: best.params, metrics: best.metrics }
        : null,
      trials: results.length,
      pruned: results.filter((r) => r.status === 'pruned').length,
    }),
  );
  return best ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const usage = error instanceof ConfigError || error instanceof PathFlagError;
    console.error(`error: ${errorMessage(error)}`);
    process.exit(usage ? 2 : 1);
  },
);
