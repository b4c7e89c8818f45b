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
import { errorMessage } from '../engine/errorMessage';
import { defaultRunName } from '../engine/experiment';
import type { FlagSpec } from '../engine/flagSpec';
import { MedianPruner } from '../engine/sweep/medianPruner';
import { MedianPruning } from '../engine/sweep/medianPruning';
import { planSweep, sweepable } from '../engine/sweep/planSweep';
import { bestTrial, resultsCsv, type TrialResult } from '../engine/sweep/sweepResults';
import { isSweepText } from '../engine/sweep/sweepSpec';
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
  // A sweepable flag given as a list or a range is swept; every other flag is fixed.
  const sweptText = Object.fromEntries(
    Object.entries(fixed).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' &&
        isSweepText(entry[1]) &&
        sweepable(specs.find((s) => s.name === entry[0])),
    ),
  );
  const { swept, method, trials, configs } = planSweep(
    {
      fixed,
      swept: sweptText,
      method: options.method as 'grid' | 'random' | undefined,
      trials: options.trials as number | undefined,
      seed: Number(options.sweep_seed),
    },
    cliFlags,
  );
  const sweepName = defaultRunName({
    model_class: 'sweep',
    data_class: String(fixed.data_class ?? DEFAULT_DATA_CLASS),
  });
  // Every trial's config is checked before the first trains.
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
  const best = bestTrial(results, {
    monitor: String(options.monitor),
    mode: options.mode as 'min' | 'max',
  });
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
