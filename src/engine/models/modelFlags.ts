import type { ClassFlag } from '../flagSpec';

// Kept apart from the builders so the page can list flags without loading TensorFlow.js.

export const mlpFlags: ClassFlag[] = [
  { name: 'fc1', type: 'int', default: 1024, help: 'units of the first hidden layer', min: 1 },
  { name: 'fc2', type: 'int', default: 128, help: 'units of the second hidden layer', min: 1 },
  {
    name: 'fc_dropout',
    type: 'float',
    default: 0.5,
    help: 'dropout after each hidden layer',
    min: 0,
    max: 0.99,
  },
];

export const cnnFlags: ClassFlag[] = [
  { name: 'conv_dim', type: 'int', default: 64, help: 'channels of both conv layers', min: 1 },
  { name: 'fc_dim', type: 'int', default: 128, help: 'units of the hidden dense layer', min: 1 },
  {
    name: 'fc_dropout',
    type: 'float',
    default: 0.25,
    help: 'dropout after max pooling',
    min: 0,
    max: 0.99,
  },
];

export const modelFlagSets: Readonly<Record<string, ClassFlag[]>> = {
  MLP: mlpFlags,
  CNN: cnnFlags,
};
export const MODEL_CLASS_NAMES = Object.keys(modelFlagSets);

/** The flags `name` adds to the general ones. */
export function modelClassFlags(name: string): ClassFlag[] {
  const flags = modelFlagSets[name];
  if (!flags) {
    throw new Error(
      `Unknown model class '${name}'. Choose one of: ${MODEL_CLASS_NAMES.join(', ')}.`,
    );
  }
  return flags;
}
