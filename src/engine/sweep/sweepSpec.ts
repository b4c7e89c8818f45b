import { ConfigError, type ConfigValue, parseValue } from '../config';
import type { FlagSpec } from '../flagSpec';

/** A swept flag's values: a list, or a numeric range to draw from (random search). */
export type SweepValues =
  | { kind: 'list'; values: Array<string | number | boolean> }
  | { kind: 'range'; min: number; max: number; scale: 'linear' | 'log'; integer: boolean };

export interface SweepParam {
  flag: string;
  values: SweepValues;
}

export interface SweepSpec {
  params: SweepParam[];
  method: 'grid' | 'random';
  trials?: number;
  seed: number;
}

/** Whether a flag's text sweeps it: a list (`a,b`) or a range (`a:b`). */
export function isSweepText(text: string): boolean {
  return text.includes(',') || /^[^:]+:[^:]+(:(log|linear))?$/.test(text.trim());
}

function checked(spec: FlagSpec, text: string): ConfigValue {
  return parseValue(spec, text.trim(), `--${spec.name}`);
}

/**
 * `1e-3,3e-3` (a list) or `1e-4:1e-2` (a range: log scale when both ends are positive and
 * span a factor of 10 or more, unless `:linear` or `:log` says). Every value is checked with the
 * flag's own spec (type, bounds, choices).
 */
export function parseSweepValues(spec: FlagSpec, text: string): SweepValues {
  const parts = text.split(':');
  if (parts.length >= 2 && !text.includes(',')) {
    if (spec.type !== 'int' && spec.type !== 'float') {
      throw new ConfigError(
        `--${spec.name} takes a list of values (a,b,c), not a range: it is not a number.`,
      );
    }
    const [low, high, scaleText, ...rest] = parts;
    if (rest.length > 0 || (scaleText !== undefined && !['log', 'linear'].includes(scaleText))) {
      throw new ConfigError(
        `--${spec.name} range '${text}' must be MIN:MAX, MIN:MAX:log or MIN:MAX:linear.`,
      );
    }
    const min = Number(checked(spec, low));
    const max = Number(checked(spec, high));
    if (!(min < max)) {
      throw new ConfigError(
        `--${spec.name} range '${text}' must go from a lower to a higher value.`,
      );
    }
    const scale =
      scaleText === 'log' || scaleText === 'linear'
        ? scaleText
        : min > 0 && max / min >= 10
          ? 'log'
          : 'linear';
    if (scale === 'log' && min <= 0) {
      throw new ConfigError(
        `--${spec.name} range '${text}' cannot be log scale: it includes 0 or less.`,
      );
    }
    return { kind: 'range', min, max, scale, integer: spec.type === 'int' };
  }
  const items = text.split(',');
  if (items.some((item) => item.trim() === '')) {
    throw new ConfigError(
      `--${spec.name} list '${text}' has an empty value; write values like a,b,c.`,
    );
  }
  const values = items.map((item) => checked(spec, item) as string | number | boolean);
  return { kind: 'list', values: [...new Set(values)] };
}
