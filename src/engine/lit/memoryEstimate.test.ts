import { describe, expect, it } from 'vitest';
import { experimentConfig } from '../../testing/experimentHarness';
import { memoryLimitsOf } from '../backends/backendLimits';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import { modelClass } from '../models/registry';
import { estimateStep, largestFittingBatch, stepMemoryModel } from './memoryEstimate';
import { planMicroBatches, StepMemoryError } from './microBatchPlan';

const emnist = { inputDims: [28, 28, 1], outputDims: [83], mapping: [...EMNIST_MAPPING] };
const lines = { inputDims: [28, 896, 1], outputDims: [32, 83], mapping: [...EMNIST_MAPPING] };
const wasm = memoryLimitsOf('wasm');

/** The step memory of a model class at the lab's defaults (plus `flags`). */
function memoryOf(model_class: string, flags: Record<string, string> = {}) {
  const lineModel = model_class.startsWith('Line');
  const config = experimentConfig({
    data_class: lineModel ? 'EMNISTLines' : 'EMNIST',
    model_class,
    ...(model_class === 'LineCNN' ? { loss: 'ctc' } : {}),
    ...flags,
  });
  const data = lineModel ? lines : emnist;
  const nodes = () => modelClass(model_class).nodes(data, config, 1);
  return { memory: stepMemoryModel(data.inputDims, nodes(), config.optimizer), data, config };
}

describe('the step memory estimate', () => {
  it.each(['MLP', 'CNN', 'ResNet', 'LineCNNSimple', 'LineCNN'])(
    "counts %s's parameters from its unbuilt layers as the built model does",
    (name) => {
      const { memory, data, config } = memoryOf(name);
      const model = modelClass(name).build(data, config, 1);
      expect(memory.parameters).toBe(model.countParams());
      expect(memory.weightBytes).toBe(4 * model.countParams());
      // Adam, the default: two moments per weight.
      expect(memory.optimizerSlotBytes).toBe(2 * memory.weightBytes);
      model.dispose();
    },
  );

  it('counts no optimizer slots for SGD', () => {
    expect(memoryOf('CNN', { optimizer: 'sgd' }).memory.optimizerSlotBytes).toBe(0);
  });

  it("covers the wasm heap's growth over LineCNN steps at batch 32", () => {
    // Measured: the heap grew from 16,777,216 to 1,251,016,704 bytes over two CTC steps of the
    // lab's LineCNN at batch 32 (1 thread). The estimate must cover it, and not by far.
    const grown = 1_251_016_704 - 16_777_216;
    const { totalBytes } = estimateStep(memoryOf('LineCNN').memory, 32);
    expect(totalBytes).toBeGreaterThanOrEqual(grown);
    expect(totalBytes).toBeLessThanOrEqual(1.3 * grown);
  });

  it('keeps the lab CNN at batch 128 whole on wasm', () => {
    const plan = planMicroBatches(memoryOf('CNN').memory, 128, wasm);
    expect(plan.microBatchSize).toBe(128);
    expect(plan.reason).toBeUndefined();
  });

  it('splits LineCNN at the lab batch of 128 into equal micro-batches that fit the wasm heap', () => {
    const { memory } = memoryOf('LineCNN');
    const largest = largestFittingBatch(memory, wasm);
    expect(largest).toBeLessThan(128);
    expect(estimateStep(memory, largest).totalBytes).toBeLessThanOrEqual(wasm.totalBytes ?? 0);
    expect(estimateStep(memory, largest + 1).totalBytes).toBeGreaterThan(wasm.totalBytes ?? 0);
    const plan = planMicroBatches(memory, 128, wasm);
    expect(plan.microBatchSize).toBe(128 / Math.ceil(128 / largest));
    expect(plan.reason).toContain(`micro-batches of ${plan.microBatchSize}`);
  });

  it('refuses a model whose weights alone exceed the heap, naming the estimate and the limit', () => {
    const { memory } = memoryOf('MLP', { fc1: '1000000' });
    expect(largestFittingBatch(memory, wasm)).toBe(0);
    let error: unknown;
    try {
      planMicroBatches(memory, 128, wasm);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StepMemoryError);
    expect((error as StepMemoryError).largestBatch).toBe(0);
    expect((error as Error).message).toMatch(
      /batch size 128 needs about \d+ MB \(largest tensor: fc1's weights, 2991 MB\); wasm allows 4096 MB in all/,
    );
  });

  it('refuses a --micro_batch_size that does not fit, with the largest that does', () => {
    const { memory } = memoryOf('LineCNN');
    const largest = largestFittingBatch(memory, wasm);
    expect(() => planMicroBatches(memory, 128, wasm, 128)).toThrow(
      `The largest batch size that fits is ${largest}`,
    );
    expect(planMicroBatches(memory, 128, wasm, 16).microBatchSize).toBe(16);
  });

  it("limits a batch on WebGPU by the largest activation against the adapter's buffer limit", () => {
    const { memory } = memoryOf('CNN');
    const limits = { backend: 'webgpu', tensorBytes: 128 * 2 ** 20, source: 'a test adapter' };
    // conv1's and conv2's outputs are the largest: 28 x 28 x conv_dim (64) floats per example.
    expect(memory.largestActivation.bytesPerExample).toBe(4 * 28 * 28 * 64);
    expect(largestFittingBatch(memory, limits)).toBe(Math.floor(2 ** 27 / (4 * 28 * 28 * 64)));
  });
});
