import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import type { Batch, BatchOptions, DataConfig, DataModule } from '../data/types';
import { LitModel } from '../lit/litModel';
import { analyzeErrors } from './errorAnalysis';
import { lookAlikeRepresentatives, mergedLookAlikeAccuracy } from './lookAlikes';

const MAPPING = ['0', 'O', 'o', 'c', 'C', 'x'];

/**
 * A data module whose inputs are the logits themselves, so that an identity model predicts
 * exactly the hand-made classes below: the first batches hold 8 examples, 3 per batch.
 */
function handMade(predicted: number[], truth: number[], confidence: number[]): DataModule {
  const config: DataConfig = {
    inputDims: [MAPPING.length],
    outputDims: [MAPPING.length],
    mapping: MAPPING,
  };
  return {
    name: 'HandMade',
    prepareData: async () => {},
    setup: async () => {},
    config: () => config,
    size: () => truth.length,
    *batches(_split, options: BatchOptions): Generator<Batch> {
      const limit = (options.limitBatches ?? Number.POSITIVE_INFINITY) * options.batchSize;
      for (let start = 0; start < Math.min(truth.length, limit); start += options.batchSize) {
        const end = Math.min(truth.length, start + options.batchSize);
        // Logit 0 everywhere but the predicted class, whose softmax is `confidence`.
        const logits = predicted.slice(start, end).map((p, i) => {
          const c = confidence[start + i];
          const high = Math.log((c * (MAPPING.length - 1)) / (1 - c));
          return MAPPING.map((_, k) => (k === p ? high : 0));
        });
        yield {
          x: tf.tensor2d(logits),
          y: tf.tensor1d(truth.slice(start, end), 'int32'),
          size: end - start,
        };
      }
    },
    example: () => {
      throw new Error('not used');
    },
  };
}

describe('error analysis', () => {
  beforeAll(useWasmBackend);

  it('look-alike groups merge 0/O/o and c/C, not x', () => {
    expect(lookAlikeRepresentatives(MAPPING)).toEqual([0, 0, 0, 3, 3, 5]);
    // Rows true, columns predicted: 0->O and C->c are merged hits, 0->x stays a miss.
    const matrix = [
      [1, 2, 0, 0, 0, 1],
      [0, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 3, 0, 0],
      [0, 0, 0, 0, 0, 2],
    ];
    expect(mergedLookAlikeAccuracy(matrix, MAPPING)).toBeCloseTo(9 / 10, 10);
  });

  it('counts a hand-made example into the matrix, pairs, per-class accuracy and gallery', async () => {
    const truth = [0, 0, 0, 1, 3, 3, 4, 5];
    const predicted = [0, 1, 1, 0, 3, 4, 4, 3];
    const confidence = [0.9, 0.8, 0.6, 0.7, 0.5, 0.95, 0.9, 0.4];
    const identity = tf.sequential({
      layers: [tf.layers.activation({ activation: 'linear', inputShape: [MAPPING.length] })],
    });
    const module = new LitModel(identity, { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 1 });
    const before = tf.memory().numTensors;
    const analysis = await analyzeErrors(module, handMade(predicted, truth, confidence), 'test', {
      batchSize: 3,
      maxExamples: 3,
    });
    expect(tf.memory().numTensors).toBe(before);
    module.dispose();

    expect(analysis.examples).toBe(8);
    expect(analysis.accuracy).toBeCloseTo(3 / 8, 10);
    // 'o' has neither examples nor predictions: left out.
    expect(analysis.labels).toEqual(['0', 'O', 'c', 'C', 'x']);
    expect(analysis.matrix).toEqual([
      [1, 2, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 1, 1, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0],
    ]);
    // The matrix's columns: each class predicted 2 times, x never (no precision).
    expect(
      analysis.perClass.map((c) => [
        c.label,
        c.count,
        c.predicted,
        c.correct,
        c.recall,
        c.precision,
      ]),
    ).toEqual([
      ['0', 3, 2, 1, 1 / 3, 0.5],
      ['O', 1, 2, 0, 0, 0],
      ['c', 2, 2, 1, 0.5, 0.5],
      ['C', 1, 2, 1, 1, 0.5],
      ['x', 1, 0, 0, 0, null],
    ]);
    expect(analysis.confusedPairs[0]).toMatchObject({
      trueLabel: '0',
      predictedLabel: 'O',
      count: 2,
    });
    expect(analysis.confusedPairs[0].rate).toBeCloseTo(2 / 3, 10);
    expect(analysis.confusedPairs).toHaveLength(4);
    // 0->O (2), O->0 and c->C are merged hits; x->c is not: 7 of 8.
    expect(analysis.lookAlikes.mergedAccuracy).toBeCloseTo(7 / 8, 10);
    expect(analysis.lookAlikes.groups).toEqual([
      ['0', 'O'],
      ['c', 'C'],
    ]);
    // The three most confident mistakes, across batch boundaries.
    expect(analysis.misclassified.map((m) => [m.index, m.trueLabel, m.predictedLabel])).toEqual([
      [5, 'c', 'C'],
      [1, '0', 'O'],
      [3, 'O', '0'],
    ]);
    expect(analysis.misclassified[0].probability).toBeCloseTo(0.95, 5);
    expect(JSON.parse(JSON.stringify(analysis))).toEqual(analysis);
  });

  it('counts top-3 accuracy: the true class among the three most probable', async () => {
    // The true class ranks 1st, 3rd, 4th and 2nd among the logits: 3 of 4 are in the top 3.
    const logits = [
      [5, 4, 3, 2, 1, 0],
      [5, 4, 3, 2, 1, 0],
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 5, 4],
    ];
    const truth = [0, 2, 2, 5];
    const data: DataModule = {
      ...handMade([0, 0, 0, 0], truth, [0.5, 0.5, 0.5, 0.5]),
      *batches(): Generator<Batch> {
        yield { x: tf.tensor2d(logits), y: tf.tensor1d(truth, 'int32'), size: 4 };
      },
    };
    const identity = tf.sequential({
      layers: [tf.layers.activation({ activation: 'linear', inputShape: [MAPPING.length] })],
    });
    const module = new LitModel(identity, { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 1 });
    const analysis = await analyzeErrors(module, data, 'test');
    module.dispose();
    expect(analysis.accuracy).toBeCloseTo(1 / 4, 10);
    expect(analysis.top3Accuracy).toBeCloseTo(3 / 4, 10);
  });

  it('reports the batches done: the start, every batch at a 0 ms interval, and the last', async () => {
    const truth = [0, 1, 3, 4, 5, 0, 1, 3];
    const identity = tf.sequential({
      layers: [tf.layers.activation({ activation: 'linear', inputShape: [MAPPING.length] })],
    });
    const module = new LitModel(identity, { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 1 });
    const seen: [number, number][] = [];
    const data = handMade(
      truth,
      truth,
      truth.map(() => 0.9),
    );
    const onProgress = (done: number, total: number) => seen.push([done, total]);
    await analyzeErrors(module, data, 'test', { batchSize: 3, onProgress, progressIntervalMs: 0 });
    expect(seen).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // A long interval still reports the start and the end; a limit is the total.
    seen.length = 0;
    await analyzeErrors(module, data, 'test', {
      batchSize: 3,
      limitBatches: 2,
      onProgress,
      progressIntervalMs: 60_000,
    });
    module.dispose();
    expect(seen).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });
});
