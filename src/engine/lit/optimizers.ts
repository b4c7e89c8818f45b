import * as tf from '@tensorflow/tfjs';
import { optimizerNames } from './optimizerNames';

/**
 * AdamW as in PyTorch: Adam plus decoupled weight decay (p -= lr * wd * p before the Adam
 * update), which tfjs does not ship.
 */
class AdamWOptimizer extends tf.AdamOptimizer {
  constructor(
    learningRate: number,
    private readonly weightDecay: number,
  ) {
    super(learningRate, 0.9, 0.999, 1e-8);
  }

  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((g) => g.name)
      : Object.keys(variableGradients);
    const decay = 1 - this.learningRate * this.weightDecay;
    tf.tidy(() => {
      for (const name of names) {
        const variable = tf.engine().registeredVariables[name];
        variable.assign(tf.mul(variable, decay));
      }
    });
    super.applyGradients(variableGradients);
  }
}

export function createOptimizer(name: string, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'adamw':
      return new AdamWOptimizer(learningRate, 0.01);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    default:
      throw new Error(`Unknown optimizer '${name}'. Choose one of: ${optimizerNames.join(', ')}.`);
  }
}

/**
 * tfjs optimizers read their rate differently: SGD keeps a scalar, the others a field. (tfjs's
 * `instanceof` on optimizers is duck-typed, so it cannot tell them apart.)
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (optimizer.getClassName() === 'SGD') {
    (optimizer as tf.SGDOptimizer).setLearningRate(lr);
  } else {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  }
}
