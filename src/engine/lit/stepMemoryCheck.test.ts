import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment, stepLosses } from '../../testing/experimentHarness';
import { useWasmBackend } from '../../testing/wasmBackend';
import { StepMemoryError } from './microBatchPlan';

beforeAll(useWasmBackend);

describe('the step memory check before training (wasm)', () => {
  it('fails a run too large for the heap within 5 s and 500 MB, with the estimate', async () => {
    const { experiment, events } = createTestExperiment({ model_class: 'MLP', fc1: '1000000' });
    const [rss, tensors, started] = [process.memoryUsage().rss, tf.memory().numTensors, Date.now()];
    const error = await experiment.run().catch((e: unknown) => e);
    const seconds = (Date.now() - started) / 1000;
    const grownMb = (process.memoryUsage().rss - rss) / 2 ** 20;
    experiment.dispose();
    expect(error).toBeInstanceOf(StepMemoryError);
    expect((error as Error).message).toMatch(
      /batch size 128 needs about \d+ MB .*fc1's weights.*wasm allows 4096 MB in all.*Not even a batch of 1/,
    );
    // Loading MNIST is the most of it; no weight was allocated.
    expect(seconds).toBeLessThan(5);
    expect(grownMb).toBeLessThan(500);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(events.some((e) => e.type === 'step')).toBe(false);
  });

  it('trains LineCNN with CTC at the lab batch of 128 in micro-batches, and says so', async () => {
    const { experiment, events } = createTestExperiment({
      data_class: 'EMNISTLines',
      glyph_source: 'MNIST',
      model_class: 'LineCNN',
      loss: 'ctc',
      num_train: '256',
      num_val: '16',
      num_test: '16',
      max_epochs: '1',
    });
    const result = await experiment.run();
    experiment.dispose();
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs.some((m) => m.includes('2 micro-batches of 64'))).toBe(true);
    const losses = [...stepLosses(events).values()];
    expect(losses).toHaveLength(2);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    expect(result.finishReason).toBe('completed');
    expect(Number.isFinite(result.metrics['test/cer'])).toBe(true);
  }, 1_200_000);
});
