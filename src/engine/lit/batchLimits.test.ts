import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment } from '../../testing/experimentHarness';
import { useWasmBackend } from '../../testing/wasmBackend';
import { resolveBatchLimit } from './trainer';

describe('limit_*_batches as Lightning reads them', () => {
  beforeAll(useWasmBackend);

  it('counts, fractions and 0', () => {
    expect(resolveBatchLimit(undefined, 40)).toBe(40);
    expect(resolveBatchLimit(3, 40)).toBe(3);
    expect(resolveBatchLimit(100, 40)).toBe(40);
    expect(resolveBatchLimit(0.25, 40)).toBe(10);
    expect(resolveBatchLimit(0.001, 40)).toBe(1);
    expect(resolveBatchLimit(0, 40)).toBe(0);
  });

  it('0 validation and test batches skip those loops', async () => {
    const { experiment, events } = createTestExperiment({
      model_class: 'CNN',
      conv_dim: '2',
      fc_dim: '8',
      batch_size: '16',
      limit_train_batches: '2',
      limit_val_batches: '0',
      limit_test_batches: '0',
    });
    const result = await experiment.run();
    experiment.dispose();
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'step')).toHaveLength(2);
    expect(types).not.toContain('validation');
    expect(types).not.toContain('test');
    expect(events).toContainEqual({
      type: 'log',
      level: 'info',
      message: 'Test skipped: limit_test_batches is 0.',
    });
    expect(result.finishReason).toBe('completed');
  });
});
