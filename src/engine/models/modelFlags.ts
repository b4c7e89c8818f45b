import {
  type ClassFlag,
  MAX_CHANNELS,
  MAX_PIXELS,
  MAX_RESIDUAL_BLOCKS,
  MAX_TRANSFORMER_LAYERS,
  MAX_UNITS,
} from '../flagSpec';

// Kept apart from the builders so the page can list flags without loading TensorFlow.js.

export const mlpFlags: ClassFlag[] = [
  {
    name: 'fc1',
    type: 'int',
    default: 1024,
    help: 'units of the first hidden layer',
    min: 1,
    max: MAX_UNITS,
  },
  {
    name: 'fc2',
    type: 'int',
    default: 128,
    help: 'units of the second hidden layer',
    min: 1,
    max: MAX_UNITS,
  },
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
  {
    name: 'conv_dim',
    type: 'int',
    default: 64,
    help: 'channels of both conv layers',
    min: 1,
    max: MAX_CHANNELS,
  },
  {
    name: 'fc_dim',
    type: 'int',
    default: 128,
    help: 'units of the hidden dense layer',
    min: 1,
    max: MAX_UNITS,
  },
  {
    name: 'fc_dropout',
    type: 'float',
    default: 0.25,
    help: 'dropout after max pooling',
    min: 0,
    max: 0.99,
  },
];

const windowFlags = (width: number, stride: number): ClassFlag[] => [
  {
    name: 'window_width',
    type: 'int',
    default: width,
    min: 1,
    max: MAX_PIXELS,
    help: 'width in pixels of the line window each output reads',
  },
  {
    name: 'window_stride',
    type: 'int',
    default: stride,
    min: 1,
    max: MAX_PIXELS,
    help: 'pixels between the windows of neighbouring outputs',
  },
];

/** The lab's LineCNNSimple: the CNN's own flags, then the windows it reads across a line. */
export const lineCnnSimpleFlags: ClassFlag[] = [
  ...cnnFlags,
  ...windowFlags(28, 28),
  {
    name: 'limit_output_length',
    type: 'int',
    default: 32,
    min: 1,
    max: MAX_PIXELS,
    help: 'outputs kept per line (the first ones); the labels are this long',
  },
];

/** LineCNN for CTC, with the lab's later LineCNN defaults (conv 32, fc 512, windows 16/8). */
export const lineCnnFlags: ClassFlag[] = [
  {
    name: 'conv_dim',
    type: 'int',
    default: 32,
    help: 'channels of the conv layers',
    min: 1,
    max: MAX_CHANNELS,
  },
  {
    name: 'fc_dim',
    type: 'int',
    default: 512,
    help: 'features per time step',
    min: 1,
    max: MAX_UNITS,
  },
  {
    name: 'fc_dropout',
    type: 'float',
    default: 0.2,
    help: 'dropout before and after the window layer',
    min: 0,
    max: 0.99,
  },
  ...windowFlags(16, 8),
];

/** The residual network with batch normalization (./resNet.ts). */
export const resNetFlags: ClassFlag[] = [
  {
    name: 'conv_dim',
    type: 'int',
    default: 32,
    help: 'channels of the first stage (the second has twice, the third four times as many)',
    min: 1,
    max: MAX_CHANNELS,
  },
  {
    name: 'blocks',
    type: 'int',
    default: 1,
    help: 'residual blocks per stage',
    min: 1,
    max: MAX_RESIDUAL_BLOCKS,
  },
  {
    name: 'fc_dropout',
    type: 'float',
    default: 0.2,
    help: 'dropout before the last dense layer',
    min: 0,
    max: 0.99,
  },
];

/** The fast line reader for CTC (./lineCnnTransformer.ts). */
export const lineCnnTransformerFlags: ClassFlag[] = [
  {
    name: 'conv_dim',
    type: 'int',
    default: 8,
    help: 'channels of the first conv layer (the second has twice, the third four times as many)',
    min: 1,
    max: MAX_CHANNELS,
  },
  {
    name: 'tf_dim',
    type: 'int',
    default: 128,
    help: 'features per time step in the Transformer layers',
    min: 1,
    max: MAX_UNITS,
  },
  {
    name: 'tf_layers',
    type: 'int',
    default: 1,
    help: 'Transformer encoder layers',
    min: 1,
    max: MAX_TRANSFORMER_LAYERS,
  },
  {
    name: 'tf_dropout',
    type: 'float',
    default: 0.1,
    help: 'dropout on the time steps and in each Transformer layer',
    min: 0,
    max: 0.99,
  },
];

export const modelFlagSets: Readonly<Record<string, ClassFlag[]>> = {
  MLP: mlpFlags,
  CNN: cnnFlags,
  ResNet: resNetFlags,
  LineCNNSimple: lineCnnSimpleFlags,
  LineCNN: lineCnnFlags,
  LineCNNTransformer: lineCnnTransformerFlags,
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
