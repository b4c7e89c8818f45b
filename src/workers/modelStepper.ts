/**
 * The run's model on the active backend, trained on random input of its shape: what
 * backendMeasure.ts times. The same micro-batches as the run would take on that backend.
 */
import * as tf from '@tensorflow/tfjs';
import { memoryLimitsOf } from '../engine/backends/backendLimits';
import type { ExperimentConfig } from '../engine/config';
import type { DataConfig } from '../engine/data/types';
import { litOptions } from '../engine/experiment';
import { disposeStep } from '../engine/lit/epochSums';
import { LitModel } from '../engine/lit/litModel';
import { stepMemoryModel } from '../engine/lit/memoryEstimate';
import { planMicroBatches } from '../engine/lit/microBatchPlan';
import { modelClass } from '../engine/models/registry';
import type { ModelStepper } from './backendMeasure';

export function modelStepper(
  config: ExperimentConfig,
  data: DataConfig,
  backend: string,
  size: number = config.batch_size,
): ModelStepper {
  const { seed } = config;
  const model = modelClass(config.model_class);
  const plan = planMicroBatches(
    stepMemoryModel(data.inputDims, model.nodes(data, config, seed), config.optimizer),
    size,
    memoryLimitsOf(backend),
    config.micro_batch_size,
  );
  const lit = new LitModel(
    model.build(data, config, seed),
    litOptions(config, plan.microBatchSize),
  );
  const classes = data.outputDims.at(-1) ?? 1;
  const x = tf.randomUniform([size, ...data.inputDims], 0, 1, 'float32', seed);
  // Class indices: [n] for characters, [n, length] for lines.
  const y = tf.randomUniform([size, ...data.outputDims.slice(0, -1)], 0, classes, 'int32', seed);
  let step = 0;
  return {
    async step() {
      const result = lit.trainingStep({ x, y, size }, step++, seed);
      try {
        // Reading the loss waits for the device: the step is timed to its end.
        await result.loss.data();
      } finally {
        disposeStep(result);
      }
    },
    dispose() {
      tf.dispose([x, y]);
      lit.dispose();
    },
  };
}
