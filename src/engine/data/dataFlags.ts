import { type ClassFlag, MAX_SAMPLES, MAX_SEED } from '../flagSpec';

// Kept apart from the data modules so the page can list flags without loading TensorFlow.js.

export const DATA_CLASS_NAMES = ['MNIST', 'EMNIST', 'EMNISTLines'] as const;
export type DataClassName = (typeof DATA_CLASS_NAMES)[number];
export const DEFAULT_MNIST_SPLIT_SEED = 42;

/** Where EMNISTLines takes its glyphs: EMNIST with Brown text, or MNIST with digit groups. */
export const GLYPH_SOURCES = ['EMNIST', 'MNIST'] as const;
export type GlyphSource = (typeof GLYPH_SOURCES)[number];

/** The lab's EMNISTLines defaults. */
export const EMNIST_LINES_DEFAULTS = {
  glyph_source: 'EMNIST' as GlyphSource,
  num_train: 10_000,
  num_val: 2_000,
  num_test: 2_000,
  min_overlap: 0,
  max_overlap: 0.33,
  lines_seed: 42,
};
const lines = EMNIST_LINES_DEFAULTS;

/** Augmentation of training characters (off unless --augment), as in the course's later labs. */
export const LINE_AUGMENT_DEFAULTS = { augment_spacing: 2, augment_baseline: 2 };
const lineAugmentFlags: ClassFlag[] = [
  {
    name: 'augment',
    type: 'boolean',
    default: false,
    help: 'augment training lines (seeded): random glyph spacing and baseline jitter',
  },
  {
    name: 'augment_spacing',
    type: 'int',
    default: LINE_AUGMENT_DEFAULTS.augment_spacing,
    min: 0,
    max: 10,
    help: 'most shift of each glyph along the line, pixels either way',
  },
  {
    name: 'augment_baseline',
    type: 'int',
    default: LINE_AUGMENT_DEFAULTS.augment_baseline,
    min: 0,
    max: 10,
    help: 'most shift of each glyph up or down, pixels either way',
  },
];

export const AUGMENT_DEFAULTS = {
  augment_rotation: 10,
  augment_shear: 10,
  augment_scale: 0.1,
  augment_translate: 0.1,
  augment_stroke: 0.2,
};
/** Each AugmentOptions field's flag (kept here, which loads no TensorFlow.js). */
export const AUGMENT_FLAG_OF = {
  rotation: 'augment_rotation',
  shear: 'augment_shear',
  scale: 'augment_scale',
  translate: 'augment_translate',
  stroke: 'augment_stroke',
} as const;
const augment = AUGMENT_DEFAULTS;
const augmentFlags: ClassFlag[] = [
  {
    name: 'augment',
    type: 'boolean',
    default: false,
    help: 'augment training images (seeded): random affine as torchvision RandomAffine, stroke width',
  },
  {
    name: 'augment_rotation',
    type: 'float',
    default: augment.augment_rotation,
    min: 0,
    max: 180,
    help: 'most rotation, degrees either way',
  },
  {
    name: 'augment_shear',
    type: 'float',
    default: augment.augment_shear,
    min: 0,
    max: 60,
    help: 'most shear along x, degrees either way',
  },
  {
    name: 'augment_scale',
    type: 'float',
    default: augment.augment_scale,
    min: 0,
    max: 0.9,
    help: 'most change of size, a fraction either way',
  },
  {
    name: 'augment_translate',
    type: 'float',
    default: augment.augment_translate,
    min: 0,
    max: 0.5,
    help: 'most shift along each axis, a fraction of the image side',
  },
  {
    name: 'augment_stroke',
    type: 'float',
    default: augment.augment_stroke,
    min: 0,
    max: 0.5,
    help: 'chance of thicker strokes (halfway to a 3x3 dilation), and the same of thinner ones',
  },
];

export const dataClassInfo: Readonly<
  Record<DataClassName, { description: string; flags: ClassFlag[] }>
> = {
  MNIST: {
    description: 'MNIST digits, 28x28: 55,000 train / 5,000 val / 10,000 test, 10 classes.',
    flags: [
      {
        name: 'split_seed',
        type: 'int',
        default: DEFAULT_MNIST_SPLIT_SEED,
        min: 0,
        max: MAX_SEED,
        help: 'seed of the 55,000 / 5,000 train/val split of the 60,000 training digits',
      },
      ...augmentFlags,
    ],
  },
  EMNIST: {
    description:
      'EMNIST ByClass characters, 28x28, 83-token mapping. Splits, balancing and their seed are ' +
      'fixed when the dataset is built (npm run datasets -- --emnist PATH [--no-balance] [--seed N]).',
    flags: augmentFlags,
  },
  EMNISTLines: {
    description:
      'Synthetic lines of up to 32 handwritten characters, 28x896, labels padded with <P>: ' +
      'Brown-corpus text drawn with EMNIST glyphs (train and val glyphs from EMNIST train+val, ' +
      'test glyphs from EMNIST test), or random digit groups drawn with MNIST digits.',
    flags: [
      {
        name: 'glyph_source',
        type: 'string',
        default: lines.glyph_source,
        choices: GLYPH_SOURCES,
        help: 'character images: EMNIST (Brown text) or MNIST (digit groups, no EMNIST needed)',
      },
      {
        name: 'num_train',
        type: 'int',
        default: lines.num_train,
        min: 1,
        max: MAX_SAMPLES,
        help: 'training lines',
      },
      {
        name: 'num_val',
        type: 'int',
        default: lines.num_val,
        min: 1,
        max: MAX_SAMPLES,
        help: 'validation lines',
      },
      {
        name: 'num_test',
        type: 'int',
        default: lines.num_test,
        min: 1,
        max: MAX_SAMPLES,
        help: 'test lines',
      },
      {
        name: 'min_overlap',
        type: 'float',
        default: lines.min_overlap,
        min: 0,
        max: 0.99,
        help: 'least overlap of neighbouring glyphs, a fraction of their width',
      },
      {
        name: 'max_overlap',
        type: 'float',
        default: lines.max_overlap,
        min: 0,
        max: 0.99,
        help: 'most overlap; each line draws one from U(min_overlap, max_overlap)',
      },
      {
        name: 'lines_seed',
        type: 'int',
        default: lines.lines_seed,
        min: 0,
        max: MAX_SEED,
        help: 'seed of the lines: their text, overlaps and glyphs',
      },
      ...lineAugmentFlags,
    ],
  },
};

export function checkDataClass(name: string): DataClassName {
  if (!(DATA_CLASS_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown data class '${name}'. Choose one of: ${DATA_CLASS_NAMES.join(', ')}.`);
  }
  return name as DataClassName;
}

/** The flags `name` adds to the general ones (for --help and config parsing). */
export function dataClassFlags(name: string): ClassFlag[] {
  return dataClassInfo[checkDataClass(name)].flags;
}
