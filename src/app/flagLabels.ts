/**
 * Plain labels for the form: what a person reads, with the lab's flag name shown beside it.
 * The flag's help and bounds stay in its spec (src/engine); only the wording lives here.
 */
const LABELS: Readonly<Record<string, string>> = {
  data_class: 'Dataset',
  model_class: 'Model',
  max_epochs: 'Epochs',
  batch_size: 'Batch size',
  lr: 'Learning rate',
  backend: 'Backend',
  micro_batch_size: 'Micro-batch size',
  optimizer: 'Optimizer',
  loss: 'Loss function',
  one_cycle_max_lr: 'One-cycle peak learning rate',
  one_cycle_total_steps: 'One-cycle length in steps',
  cosine_total_steps: 'Cosine schedule length in steps',
  label_smoothing: 'Label smoothing',
  overfit_batches: 'Overfit on this many batches',
  limit_train_batches: 'Training batches per epoch',
  limit_val_batches: 'Validation batches',
  limit_test_batches: 'Test batches',
  check_val_every_n_epoch: 'Validate every N epochs',
  stop_early: 'Early-stopping patience',
  seed: 'Random seed',
  fc1: 'First hidden layer units',
  fc2: 'Second hidden layer units',
  fc_dropout: 'Dropout',
  conv_dim: 'Convolution channels',
  fc_dim: 'Dense layer units',
  blocks: 'Residual blocks per stage',
  tf_dim: 'Transformer features per step',
  tf_layers: 'Transformer layers',
  tf_dropout: 'Transformer dropout',
  window_width: 'Window width',
  window_stride: 'Window stride',
  limit_output_length: 'Limit output length',
  split_seed: 'Validation split seed',
  augment: 'Augment training images',
  augment_rotation: 'Most rotation (degrees)',
  augment_shear: 'Most shear (degrees)',
  augment_scale: 'Most size change (fraction)',
  augment_translate: 'Most shift (fraction of the side)',
  augment_stroke: 'Chance of thicker or thinner strokes',
  augment_spacing: 'Most glyph shift along the line (pixels)',
  augment_baseline: 'Most glyph shift up or down (pixels)',
  glyph_source: 'Glyph images',
  num_train: 'Training lines',
  num_val: 'Validation lines',
  num_test: 'Test lines',
  min_overlap: 'Least glyph overlap',
  max_overlap: 'Most glyph overlap',
  lines_seed: 'Line generator seed',
};

/** A flag's plain label; a flag without one (a new flag) shows its name rather than nothing. */
export const flagLabel = (name: string): string =>
  Object.hasOwn(LABELS, name) ? LABELS[name] : name;

/** The flags a newcomer sets; the rest sit under Advanced. */
export const BASIC_FLAGS: readonly string[] = [
  'data_class',
  'model_class',
  'max_epochs',
  'batch_size',
  'lr',
  'backend',
];
