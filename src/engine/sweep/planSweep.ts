/**
 * A sweep from its flags: the fixed ones, the swept ones as list or range text. The CLI and the
 * studio plan through here, so every trial's config is checked the same way before any trains.
 */
import {
  ConfigError,
  DEFAULT_DATA_CLASS,
  DEFAULT_MODEL_CLASS,
  type ExperimentConfig,
  flagsFor,
  newRunConfig,
} from '../config';
import type { FlagSpec } from '../flagSpec';
import { planTrials, type TrialParams } from './sweepPlan';
import { parseSweepValues, type SweepParam } from './sweepSpec';

export interface SweepRequest {
  /** Flags every trial shares, as raw text. */
  fixed: Record<string, string | boolean>;
  /** Swept flags and their values: `a,b,c` or `MIN:MAX[:log|:linear]`. */
  swept: Record<string, string>;
  method?: 'grid' | 'random';
  trials?: number;
  seed: number;
}

export interface PlannedSweep {
  swept: string[];
  method: 'grid' | 'random';
  trials: TrialParams[];
  /** Each trial's full config, checked. */
  configs: ExperimentConfig[];
}

/** Paths and free text are never swept: a folder name may hold a comma. */
export function sweepable(spec: FlagSpec | undefined): spec is FlagSpec {
  return spec !== undefined && (spec.type !== 'string' || spec.choices !== undefined);
}

/** The flags a sweep over these classes may vary. */
export function sweepableFlags(dataClass: string, modelClass: string): FlagSpec[] {
  return flagsFor(dataClass, modelClass).filter(
    (s) => sweepable(s) && s.name !== 'data_class' && s.name !== 'model_class',
  );
}

export function planSweep(request: SweepRequest, extra: FlagSpec[] = []): PlannedSweep {
  const dataClass = String(request.fixed.data_class ?? DEFAULT_DATA_CLASS);
  const modelClass = String(request.fixed.model_class ?? DEFAULT_MODEL_CLASS);
  const specs = flagsFor(dataClass, modelClass, extra);
  const params: SweepParam[] = Object.entries(request.swept).map(([flag, text]) => {
    const spec = specs.find((s) => s.name === flag);
    if (!spec) {
      throw new ConfigError(
        `--${flag} is not a flag of ${modelClass} on ${dataClass}; it cannot be swept.`,
      );
    }
    if (!sweepable(spec) || flag === 'data_class' || flag === 'model_class') {
      throw new ConfigError(`--${flag} cannot be swept: give it one value for every trial.`);
    }
    return { flag, values: parseSweepValues(spec, text) };
  });
  const method =
    request.method ?? (params.some((p) => p.values.kind === 'range') ? 'random' : 'grid');
  const trials = planTrials({ params, method, trials: request.trials, seed: request.seed });
  const fixed = Object.fromEntries(
    Object.entries(request.fixed).filter(([name]) => !(name in request.swept)),
  );
  const configs = trials.map((trial) =>
    newRunConfig(
      { ...fixed, ...Object.fromEntries(Object.entries(trial).map(([k, v]) => [k, String(v)])) },
      extra,
    ),
  );
  return { swept: params.map((p) => p.flag), method, trials, configs };
}
