import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/**
 * Runs `step` once to warm up, then five more times, and expects the engine's tensors and the
 * backend's buffers to be as many after as before: intermediates made inside a kernel are
 * backend buffers, not engine tensors, so a leak there shows up only in the data-id count.
 */
export function expectNoLeakAcrossSteps(step: () => tf.Tensor): void {
  step().dispose();
  const backend = tf.engine().backend;
  const tensorsBefore = tf.memory().numTensors;
  const dataIdsBefore = backend.numDataIds();
  for (let i = 0; i < 5; i++) step().dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(backend.numDataIds()).toBe(dataIdsBefore);
}
