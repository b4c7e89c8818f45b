import { type Query, queryForUrl, specsFor } from './configForm';

/** A ready-made experiment: one click fills the form with it. */
export interface Preset {
  id: string;
  title: string;
  description: string;
  query: Query;
  /** A dataset the preset trains on that a fresh install does not have (it is imported). */
  needs?: string;
}

const EMNIST = 'EMNIST';

export const PRESETS: readonly Preset[] = [
  {
    id: 'quick-look',
    title: 'Quick look',
    description:
      'The lab’s default MLP on 12,800 MNIST digits: trains, validates and tests in seconds.',
    query: {
      data_class: 'MNIST',
      model_class: 'MLP',
      max_epochs: '1',
      limit_train_batches: '100',
      limit_val_batches: '10',
      limit_test_batches: '10',
    },
  },
  {
    id: 'lab-cnn-emnist',
    title: 'The lab’s CNN on EMNIST, one epoch',
    description:
      'Letters and digits, 62 classes, as the lab trains it: expect 75-80% test accuracy.',
    query: { data_class: EMNIST, model_class: 'CNN', max_epochs: '1' },
    needs: EMNIST,
  },
  {
    id: 'lines-ctc',
    title: 'Lines with CTC',
    description:
      'A line reader (LineCNN with CTC loss) on synthetic lines: a short first run to watch it learn.',
    query: {
      data_class: 'EMNISTLines',
      model_class: 'LineCNN',
      loss: 'ctc',
      max_epochs: '1',
      batch_size: '32',
      limit_train_batches: '20',
      limit_val_batches: '4',
      limit_test_batches: '4',
    },
  },
];

/**
 * The form's query for a preset: its flags, the backend the user picked kept; lines are drawn
 * from MNIST digits when EMNIST has not been imported, so the preset runs on a fresh install.
 */
export function presetQuery(preset: Preset, current: Query, datasets: readonly string[]): Query {
  const query: Query = { ...preset.query };
  if (current.backend) query.backend = current.backend;
  if (query.data_class === 'EMNISTLines' && !datasets.includes(EMNIST)) {
    query.glyph_source = 'MNIST';
  }
  return query;
}

/**
 * The preset the form holds now, if any: compared as the URL writes them (defaults left out),
 * so a reloaded link still shows its preset; the backend and glyph images are the user's.
 */
export function activePreset(current: Query): Preset | undefined {
  const key = (query: Query) => {
    const {
      backend: _backend,
      glyph_source: _glyphs,
      ...flags
    } = queryForUrl(query, specsFor(query));
    return JSON.stringify(Object.entries(flags).sort(([a], [b]) => a.localeCompare(b)));
  };
  const now = key(current);
  return PRESETS.find((preset) => key(preset.query) === now);
}
