/// <reference lib="webworker" />
/**
 * Bench-only worker: a bare `model.trainOnBatch` loop of the lab's CNN on one backend, the
 * reference the studio's worker is compared with, and IndexedDB checkpoint save/load times
 * through the studio's own store. Uses the product's backend start, dataset source and store.
 */

import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/engine/backends/initBackend';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/engine/checkpoint/format';
import { captureCheckpoint, restoreLitModel } from '../../src/engine/checkpoint/moduleState';
import { MNISTDataModule } from '../../src/engine/data/mnistDataModule';
import { errorMessage } from '../../src/engine/errorMessage';
import { disposeStep } from '../../src/engine/lit/epochSums';
import { LitModel } from '../../src/engine/lit/litModel';
import { buildCNN } from '../../src/engine/models/cnn';
import { browserBackendProbes } from '../../src/workers/browserBackends';
import { FetchDatasetSource } from '../../src/workers/fetchDatasetSource';
import { IndexedDbCheckpointStore } from '../../src/workers/indexedDbCheckpointStore';
import { openInklabDb } from '../../src/workers/inklabDb';
import { labCnn } from '../labCnn';
import type {
  BareRequest,
  BareResult,
  BenchReply,
  BenchRequest,
  CheckpointRequest,
  CheckpointResult,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const litOptions = { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 100 };
/** As the Trainer does: batches gathered from a device-resident copy on GPU backends. */
const deviceResident = new Set(['webgpu', 'webgl']);

async function mnist(batchSize: number): Promise<MNISTDataModule> {
  const datasets = new URL(`${import.meta.env.BASE_URL}datasets/`, self.location.href).href;
  const data = new MNISTDataModule(new FetchDatasetSource(datasets), { batchSize });
  await data.setup();
  return data;
}

async function start(backend: BackendName): Promise<string> {
  const info = await browserBackendProbes.start(backend);
  if (tf.getBackend() !== backend) throw new Error(`asked for ${backend}, got ${tf.getBackend()}`);
  return info.description;
}

async function bare(request: BareRequest): Promise<BareResult> {
  const description = await start(request.backend);
  const data = await mnist(request.batchSize);
  const config = data.config();
  const model = buildCNN(config, labCnn, 1);
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  const classes = config.outputDims[0] ?? 10;
  const batchSeconds: number[] = [];
  let samples = 0;
  let seconds = 0;
  let index = 0;
  let last = performance.now();
  for (const batch of data.batches('train', {
    batchSize: request.batchSize,
    limitBatches: request.warmupBatches + request.batches,
    shuffleSeed: 1,
    onDevice: deviceResident.has(request.backend),
  })) {
    const y = tf.oneHot(batch.y, classes);
    // trainOnBatch reads the loss back: each batch has finished on the device when it resolves.
    await model.trainOnBatch(batch.x, y);
    tf.dispose([batch.x, batch.y, y]);
    const now = performance.now();
    batchSeconds.push((now - last) / 1000);
    if (index >= request.warmupBatches) {
      samples += batch.size;
      seconds += (now - last) / 1000;
    }
    last = now;
    index++;
  }
  model.dispose();
  return {
    backend: request.backend,
    description,
    samples,
    seconds,
    samplesPerSec: samples / seconds,
    batchSeconds,
  };
}

async function checkpoint(request: CheckpointRequest): Promise<CheckpointResult> {
  await start(request.backend);
  const data = await mnist(8);
  const module = new LitModel(buildCNN(data.config(), labCnn, 1), litOptions);
  // One step so the optimizer state (Adam moments) is part of the checkpoint, as in a real run.
  const [batch] = data.batches('train', { batchSize: 8, limitBatches: 1 });
  if (!batch) throw new Error('MNIST gave no batch');
  const step = module.trainingStep(batch, 0, 1);
  await step.loss.data();
  tf.dispose([batch.x, batch.y]);
  disposeStep(step);
  const store = new IndexedDbCheckpointStore(await openInklabDb('inklab-bench'));
  const meta = {
    runName: 'bench',
    createdAt: new Date().toISOString(),
    config: { model_class: 'CNN', data_class: 'MNIST' },
    mapping: data.config().mapping,
    epoch: 0,
    step: 1,
    metrics: {},
    callbacks: {},
  };
  const saveSeconds: number[] = [];
  const loadSeconds: number[] = [];
  let bytes = 0;
  for (let i = 0; i < request.repeats; i++) {
    // Save: snapshot from the device, encode, store (the studio's path after a validation).
    let t = performance.now();
    const encoded = encodeCheckpoint(await captureCheckpoint(module, meta));
    await store.save(`bench/epoch=${i}.ckpt`, encoded);
    saveSeconds.push((performance.now() - t) / 1000);
    bytes = encoded.length;
    // Load: read, decode, rebuild the model and optimizer on the device.
    t = performance.now();
    const restored = await restoreLitModel(
      decodeCheckpoint(await store.load(`bench/epoch=${i}.ckpt`)),
      litOptions,
    );
    loadSeconds.push((performance.now() - t) / 1000);
    restored.dispose();
    await store.remove(`bench/epoch=${i}.ckpt`);
  }
  module.dispose();
  return { backend: request.backend, saveSeconds, loadSeconds, bytes };
}

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  let reply: BenchReply;
  try {
    const request = event.data;
    const result = request.type === 'bare' ? await bare(request) : await checkpoint(request);
    reply = { ok: true, result };
  } catch (error) {
    reply = { ok: false, error: errorMessage(error) };
  }
  self.postMessage(reply);
};
