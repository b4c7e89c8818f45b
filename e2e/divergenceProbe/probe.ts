/**
 * The engine's DivergenceDetector on WebGPU in the page itself, fed chosen losses: a NaN from
 * training alone does not show that ±Infinity is caught too, and WGSL lets a compiler assume
 * neither occurs.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backends/initBackend';
import { DivergenceDetector, type LossReading } from '../../src/engine/lit/divergenceDetector';

/** Steps 1, 2, ... with these losses, read with the last one as the Trainer does. */
async function watch(losses: number[]): Promise<LossReading | undefined> {
  const detector = new DivergenceDetector();
  let reading: LossReading | undefined;
  for (const [i, value] of losses.entries()) {
    const loss = tf.scalar(value);
    detector.observe(loss, i + 1);
    if (i === losses.length - 1) reading = await detector.read(loss);
    loss.dispose();
  }
  detector.dispose();
  return reading;
}

async function probe(sequences: number[][]) {
  const hardware = await initBackend('webgpu');
  const readings = [];
  for (const losses of sequences) readings.push(await watch(losses));
  return { backend: hardware.backend, readings, tensorsLeft: tf.memory().numTensors };
}

(window as unknown as { divergenceProbe: typeof probe }).divergenceProbe = probe;
