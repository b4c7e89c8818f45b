import { ConfigError } from '../config';
import { createRng } from '../data/rng';
import type { SweepParam, SweepSpec } from './sweepSpec';

export const MAX_TRIALS = 1000;

export type TrialParams = Record<string, string | number | boolean>;

function gridSize(params: SweepParam[]): number {
  return params.reduce(
    (n, p) => n * (p.values.kind === 'list' ? p.values.values.length : Number.NaN),
    1,
  );
}

/** The grid's combinations in order, the first flag changing slowest. */
function grid(params: SweepParam[], limit: number): TrialParams[] {
  const trials: TrialParams[] = [{}];
  for (const { flag, values } of params) {
    if (values.kind !== 'list') throw new Error('grid over a range');
    const next: TrialParams[] = [];
    for (const trial of trials)
      for (const value of values.values) next.push({ ...trial, [flag]: value });
    trials.splice(0, trials.length, ...next);
  }
  return trials.slice(0, limit);
}

/** Draws in [0, 1) from the seeded generator, lists uniformly, ranges (log-)uniformly. */
function random(params: SweepParam[], trials: number, seed: number): TrialParams[] {
  const rng = createRng(seed);
  return Array.from({ length: trials }, () => {
    const trial: TrialParams = {};
    for (const { flag, values } of params) {
      const u = rng.next();
      if (values.kind === 'list') {
        trial[flag] =
          values.values[Math.min(values.values.length - 1, Math.floor(u * values.values.length))];
        continue;
      }
      const { min, max, scale, integer } = values;
      const value =
        scale === 'log'
          ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
          : min + u * (max - min);
      trial[flag] = integer ? Math.round(value) : Number(value.toPrecision(6));
    }
    return trial;
  });
}

/** Each trial's swept flag values, deterministic for a spec (and its seed). */
export function planTrials(spec: SweepSpec): TrialParams[] {
  if (spec.params.length === 0) {
    throw new ConfigError(
      'A sweep needs at least one flag with several values, e.g. --lr 1e-3,3e-3.',
    );
  }
  if (spec.trials !== undefined && (!Number.isInteger(spec.trials) || spec.trials < 1)) {
    throw new ConfigError(`--trials expects a whole number of at least 1, got ${spec.trials}.`);
  }
  if (spec.method === 'grid') {
    const ranged = spec.params.find((p) => p.values.kind === 'range');
    if (ranged) {
      throw new ConfigError(
        `--${ranged.flag} is a range, which a grid cannot enumerate: give a list (a,b,c), or --trials N for a random search.`,
      );
    }
    const size = Math.min(gridSize(spec.params), spec.trials ?? Number.POSITIVE_INFINITY);
    if (size > MAX_TRIALS) {
      throw new ConfigError(
        `This grid has ${size} trials; at most ${MAX_TRIALS} run in one sweep. Give fewer values or --trials N.`,
      );
    }
    return grid(spec.params, size);
  }
  if (spec.trials === undefined) {
    throw new ConfigError('A random search needs --trials N: how many trials to draw.');
  }
  if (spec.trials > MAX_TRIALS) {
    throw new ConfigError(`--trials ${spec.trials} is more than the ${MAX_TRIALS} one sweep runs.`);
  }
  return random(spec.params, spec.trials, spec.seed);
}
