/**
 * `npm run bench:profile [-- THREADS]`: where one training step of the lab's CNN (83 EMNIST
 * classes, batch 128, Adam) spends its time on wasm, per kernel (tf.profile), averaged over a
 * few steps after a warm-up. Prints one JSON object; threads default to 1.
 */
import * as tf from '@tensorflow/tfjs';
import { buildCNN } from '../src/engine/models/cnn';
import { initWasmWithThreads } from '../src/node/wasmThreads';
import { labCnn } from './labCnn';

const threads = Number(process.argv[2] ?? 1);
const steps = 3;
const batch = 128;
const classes = 83;

const backend = await initWasmWithThreads(threads);
const model = buildCNN({ inputDims: [28, 28, 1], outputDims: [classes], mapping: [] }, labCnn, 1);
model.compile({
  optimizer: tf.train.adam(1e-3),
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
});
const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes);
await model.trainOnBatch(x, y);

const totals = new Map<string, number>();
let wall = 0;
for (let step = 0; step < steps; step++) {
  const start = performance.now();
  const profile = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  wall += performance.now() - start;
  for (const kernel of profile.kernels) {
    const ms = await kernel.kernelTimeMs;
    totals.set(kernel.name, (totals.get(kernel.name) ?? 0) + (typeof ms === 'number' ? ms : 0));
  }
}
const perStep = [...totals]
  .map(([name, ms]) => [name, Math.round(ms / steps)] as const)
  .filter(([, ms]) => ms >= 1)
  .sort((a, b) => b[1] - a[1]);
console.log(
  JSON.stringify(
    {
      backend: backend.description,
      batch,
      step_ms: Math.round(wall / steps),
      kernels_ms: Object.fromEntries(perStep),
    },
    null,
    2,
  ),
);
tf.dispose([x, y]);
model.dispose();
