/** Store actions for the reducer tests: worker events as the page receives them, and a run. */
import { reduce } from '../app/reducer';
import { initialState, type StudioAction, type StudioState } from '../app/state';
import type { TrainerEvent } from '../engine/events';

export const trainer = (event: TrainerEvent, at = 0): StudioAction => ({
  type: 'worker',
  message: { type: 'trainer', event },
  at,
});

/** The store after `actions`, from `from`. */
export const run = (actions: StudioAction[], from: StudioState = initialState) =>
  actions.reduce(reduce, from);

/** A run of 2 epochs of 4 batches on webgpu starts, unless `over` says otherwise. */
export const runStarted = (over: Partial<Extract<TrainerEvent, { type: 'runStarted' }>> = {}) =>
  trainer({
    type: 'runStarted',
    runName: 'CNN-MNIST-1',
    hardware: { backend: 'webgpu', description: 'webgpu' },
    maxEpochs: 2,
    batchesPerEpoch: 4,
    startEpoch: 0,
    startStep: 0,
    history: [],
    ...over,
  });
