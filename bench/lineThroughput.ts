import * as tf from '@tensorflow/tfjs';
import type { GlyphSource } from '../src/engine/data/dataFlags';
import { EMNISTLinesDataModule } from '../src/engine/data/emnistLinesDataModule';
import type { DatasetSource } from '../src/engine/data/types';
import { disposeStep } from '../src/engine/lit/epochSums';
import { LitModel } from '../src/engine/lit/litModel';
import { buildLineCNNSimple } from '../src/engine/models/lineCnnSimple';
import { seconds } from './timing';

export interface LineThroughput {
  /** Lines drawn (text, overlap, glyphs) and rendered to 28 x 896 pixels per second. */
  line_synthesis_lines_per_s: number;
  /** Training samples (lines) per second of the lab's LineCNNSimple, batch 32, wasm. */
  line_model_training_samples_per_s: number;
}

const labLineCnnSimple = {
  conv_dim: 64,
  fc_dim: 128,
  fc_dropout: 0.25,
  window_width: 28,
  window_stride: 28,
  limit_output_length: 32,
};

/**
 * EMNISTLines synthesis and LineCNNSimple training throughput. Synthesis is timed as setting up
 * `lines` training lines minus setting up one (loading the glyphs and the corpus is the same
 * fixed cost in both), plus rendering every line once, as each epoch does.
 */
export async function measureLineThroughput(
  source: DatasetSource,
  glyphSource: GlyphSource,
  lines = 10_000,
  trainingBatches = 4,
): Promise<LineThroughput> {
  const module = (numTrain: number) =>
    new EMNISTLinesDataModule(source, { glyphSource, numTrain, numVal: 1, numTest: 1 });
  const fixed = await seconds(() => module(1).setup());
  const data = module(lines);
  const setup = await seconds(() => data.setup());
  const render = await seconds(() => {
    for (let i = 0; i < lines; i++) data.example('train', i);
  });
  const synthesis = Math.max(setup - fixed, 0) + render;

  const batchSize = 32;
  const lit = new LitModel(buildLineCNNSimple(data.config(), labLineCnnSimple, 1), {
    optimizer: 'adam',
    lr: 1e-3,
    oneCycleTotalSteps: 100,
  });
  const train = async (batches: number, step0: number) => {
    let step = step0;
    for (const batch of data.batches('train', { batchSize, limitBatches: batches })) {
      const result = lit.trainingStep(batch, step++, 1);
      await result.loss.data();
      tf.dispose([batch.x, batch.y]);
      disposeStep(result);
    }
  };
  // Warm-up: kernel setup and first-call costs, not counted.
  await train(1, 0);
  const training = await seconds(() => train(trainingBatches, 1));
  lit.dispose();
  data.dispose();
  return {
    line_synthesis_lines_per_s: lines / synthesis,
    line_model_training_samples_per_s: (trainingBatches * batchSize) / training,
  };
}
