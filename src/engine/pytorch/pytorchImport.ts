/**
 * A PyTorch export's weights (and Adam's state, when given) back as an Inklab checkpoint, so a
 * model trained by train.py, on a cluster too, is probed, analysed and trained on in Inklab.
 * The file carries its Inklab metadata (run, config, mapping, tfjs topology); the checkpoint
 * built from it goes through the checkpoint decoder's own checks, and restoring it proves the
 * weights fit the topology.
 */
import { CheckpointError } from '../checkpoint/checkpointError';
import {
  type Checkpoint,
  decodeCheckpoint,
  encodeCheckpoint,
  type NamedArray,
} from '../checkpoint/format';
import { errorMessage } from '../errorMessage';
import { fromTorch, isRunningStatistic, TOPOLOGY_KEY, tfjsNames } from './pytorchExport';
import { decodeSafetensors, SafetensorsError, type Tensor } from './safetensors';

function parsed(text: string | undefined, what: string, source: string): unknown {
  if (text === undefined) {
    throw new SafetensorsError(
      `${source} has no ${what} in its metadata: import a file that Inklab's PyTorch export or its train.py wrote.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SafetensorsError(`${source}: its metadata's ${what} is not JSON.`);
  }
}

/** The tensors named `names` in tfjs's layouts, named `as`. */
function arrays(tensors: Map<string, Tensor>, names: string[], as: string[]): NamedArray[] {
  return names.map((torch, i) => {
    const back = fromTorch(tensors.get(torch) as Tensor);
    return { name: as[i], shape: back.shape, dtype: 'float32', data: back.data };
  });
}

export function checkpointFromTorch(
  weights: Uint8Array,
  optimizer: Uint8Array | undefined,
  source: string,
): Checkpoint {
  const file = decodeSafetensors(weights, source);
  const info = parsed(file.metadata.inklab, 'inklab entry', source) as Record<string, unknown>;
  const topology = parsed(file.metadata[TOPOLOGY_KEY], 'model topology', source);
  // Offsets follow the model's parameter order, as both writers store them; tfjs keeps every
  // trainable weight before the running statistics, torch's state_dict each layer's together.
  const all = [...file.tensors.keys()];
  const trainable = all.filter((name) => !isRunningStatistic(name));
  const names = [...trainable, ...all.filter(isRunningStatistic)];
  const weightArrays = arrays(
    file.tensors,
    names,
    tfjsNames(names, (n) => file.tensors.get(n)?.shape.length ?? 0),
  );
  let optimizerWeights: NamedArray[] = [];
  const config = (info?.config ?? {}) as Record<string, unknown>;
  if (optimizer) {
    const state = decodeSafetensors(optimizer, `${source}'s optimizer state`);
    const first = trainable.map((_, i) => `state.${i}.exp_avg`);
    const second = trainable.map((_, i) => `state.${i}.exp_avg_sq`);
    const missing = [...first, ...second].find((n) => !state.tensors.has(n));
    if (missing) throw new SafetensorsError(`${source}'s optimizer state lacks ${missing}.`);
    const step = Number(state.metadata.step);
    if (!Number.isSafeInteger(step) || step < 0 || step > 2 ** 31 - 1) {
      throw new SafetensorsError(
        `${source}'s optimizer state has step ${state.metadata.step}, not a count.`,
      );
    }
    const named = (list: string[], suffix: string) =>
      arrays(
        state.tensors,
        list,
        list.map((_, i) => `${weightArrays[i].name}/${suffix}`),
      );
    optimizerWeights = [
      { name: 'iter', shape: [], dtype: 'int32', data: Int32Array.of(step) },
      ...named(first, 'm'),
      ...named(second, 'v'),
    ];
  }
  const candidate = {
    meta: {
      runName: info?.run,
      createdAt: new Date().toISOString(),
      config,
      mapping: info?.mapping,
      epoch: info?.epoch,
      step: info?.step,
      metrics: {},
      modelTopology: topology,
      optimizerName: config.optimizer,
      callbacks: {},
      history: [],
    },
    weights: weightArrays,
    optimizerWeights,
  } as Checkpoint;
  try {
    return decodeCheckpoint(encodeCheckpoint(candidate), source);
  } catch (error) {
    if (error instanceof CheckpointError) {
      throw new SafetensorsError(
        `${source}: its Inklab metadata is not usable: ${errorMessage(error)}`,
      );
    }
    throw error;
  }
}
