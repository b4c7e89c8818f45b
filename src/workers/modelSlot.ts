/** The one model loaded for prediction (the Playground's), replaced as a whole. */
import { decodeCheckpoint } from '../engine/checkpoint/format';
import { restoreModel } from '../engine/checkpoint/moduleState';
import type { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import { LoadedModel } from './loadedModel';

export class ModelSlot {
  private loaded?: LoadedModel;

  constructor(private readonly store: IndexedDbCheckpointStore) {}

  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  require(): LoadedModel {
    if (!this.loaded) {
      throw new Error(
        'No model is loaded for prediction: train a model, or load a checkpoint from the ' +
          'Checkpoints panel first.',
      );
    }
    return this.loaded;
  }

  async load(id: string): Promise<LoadedModel> {
    const where = this.store.describe(id);
    const checkpoint = decodeCheckpoint(await this.store.load(id), where);
    const model = await restoreModel(checkpoint, where);
    this.loaded?.dispose();
    const { runName, mapping, config } = checkpoint.meta;
    this.loaded = new LoadedModel(id, runName, mapping, model, config);
    return this.loaded;
  }
}
