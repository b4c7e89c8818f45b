import { type ConfigValue, flagsFor, generalFlags } from './config';

/** General flags that change what one training step computes (the rest change only how many). */
const STEP_FLAGS = [
  'data_class',
  'model_class',
  'batch_size',
  'micro_batch_size',
  'optimizer',
  'loss',
];

/**
 * What a measured step speed depends on in a config: the data and model classes with their
 * own flags (the shapes), the batch and the optimizer and loss. The page and the worker derive
 * it the same way, so the page can tell whether a measurement was for the model in its form.
 */
export function modelShapeKey(config: Readonly<Record<string, ConfigValue>>): string {
  const general = new Set(generalFlags.map((f) => f.name));
  const classFlags = flagsFor(String(config.data_class), String(config.model_class))
    .map((f) => f.name)
    .filter((name) => !general.has(name));
  return [...STEP_FLAGS, ...classFlags]
    .filter((name) => config[name] !== undefined)
    .map((name) => `${name}=${config[name]}`)
    .join(' ');
}
