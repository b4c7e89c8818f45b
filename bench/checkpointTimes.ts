import * as tf from '@tensorflow/tfjs';
import { decodeCheckpoint, encodeCheckpoint } from '../src/engine/checkpoint/format';
import { captureCheckpoint, restoreLitModel } from '../src/engine/checkpoint/moduleState';
import type { DataModule } from '../src/engine/data/types';
import { disposeStep } from '../src/engine/lit/epochSums';
import { LitModel } from '../src/engine/lit/litModel';
import { buildCNN } from '../src/engine/models/cnn';
import { FileCheckpointStore } from '../src/node/fileCheckpointStore';
import { labCnn } from './labCnn';
import { median } from './timing';

/** Save (snapshot, encode, write) and load (read, decode, rebuild) of the lab's CNN, median of 5. */
export async function measureCheckpointTimes(data: DataModule, dir: string) {
  const options = { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 100 };
  const module = new LitModel(buildCNN(data.config(), labCnn, 1), options);
  // One step so the optimizer state (Adam moments) is part of the checkpoint, as in a real run.
  const [batch] = data.batches('train', { batchSize: 8, limitBatches: 1 });
  const step = module.trainingStep(batch, 0, 1);
  tf.dispose([batch.x, batch.y]);
  disposeStep(step);
  const store = new FileCheckpointStore(dir);
  const meta = {
    runName: 'bench',
    createdAt: new Date().toISOString(),
    config: {},
    mapping: data.config().mapping,
    epoch: 0,
    step: 1,
    metrics: {},
    callbacks: {},
  };
  const saves: number[] = [];
  const loads: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    let start = performance.now();
    const encoded = encodeCheckpoint(await captureCheckpoint(module, meta));
    await store.save('bench/bench.ckpt', encoded);
    saves.push((performance.now() - start) / 1000);
    bytes = encoded.length;
    start = performance.now();
    const restored = await restoreLitModel(
      decodeCheckpoint(await store.load('bench/bench.ckpt')),
      options,
    );
    loads.push((performance.now() - start) / 1000);
    restored.dispose();
  }
  module.dispose();
  return {
    checkpoint_save_s: median(saves),
    checkpoint_load_s: median(loads),
    checkpoint_bytes: bytes,
  };
}
