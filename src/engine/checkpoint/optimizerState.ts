/**
 * What a checkpoint's optimizer state must hold for the optimizer that continues it: tfjs's
 * `getWeights` layout, the iteration count first, then one block per slot kind with one array
 * per trainable weight, in the model's order. `setWeights` takes any list and splits it by
 * count, so a dropped or reshaped array would silently pair moments with the wrong weights.
 */
import type { OptimizerName } from '../lit/optimizerNames';
import { CheckpointError } from './checkpointError';
import type { NamedArray } from './format';

/** The state each optimizer keeps per trainable weight, in tfjs's order (../lit/optimizers.ts). */
const SLOT_KINDS: Record<string, string[] | undefined> = {
  adam: ['first moment', 'second moment'],
  adamw: ['first moment', 'second moment'],
  rmsprop: ['mean square', 'moment'],
  sgd: [],
} satisfies Record<OptimizerName, string[]>;

interface ExpectedArray {
  what: string;
  shape: number[];
  dtype: NamedArray['dtype'];
}

/** A trainable weight of the model: its name and shape. */
export interface TrainableWeight {
  name: string;
  shape: number[];
}

function expectedArrays(kinds: string[], trainable: TrainableWeight[]): ExpectedArray[] {
  const iterations: ExpectedArray = { what: 'the iteration count', shape: [], dtype: 'int32' };
  const slots = kinds.flatMap((kind) =>
    trainable.map(
      (w): ExpectedArray => ({
        what: `the ${kind} of ${w.name}`,
        shape: w.shape,
        dtype: 'float32',
      }),
    ),
  );
  return [iterations, ...slots];
}

/**
 * Throws a CheckpointError naming the first optimizer array that does not fit `optimizer` on a
 * model with these trainable weights. Only the iteration count is also accepted: an optimizer
 * that has not stepped yet keeps no slots, and makes them at its first step.
 */
export function checkOptimizerWeights(
  arrays: NamedArray[],
  optimizer: string,
  trainable: TrainableWeight[],
  source: string,
): void {
  const refuse = (what: string, field: string): never => {
    throw new CheckpointError(
      `${source} cannot be used: ${what}. Choose a checkpoint saved by Inklab.`,
      field,
    );
  };
  const kinds = SLOT_KINDS[optimizer];
  if (!kinds) throw new Error(`Unknown optimizer '${optimizer}': its state cannot be checked.`);
  const expected = expectedArrays(kinds, trainable);
  if (arrays.length !== expected.length && arrays.length !== 1) {
    const slots =
      kinds.length === 0
        ? ''
        : ` and its ${kinds.join(' and ')} for each of ${trainable.length} trainable weights`;
    refuse(
      `it holds ${arrays.length} optimizer weight arrays, but ${optimizer} needs ${expected.length} ` +
        `(the iteration count${slots})`,
      'optimizerWeights',
    );
  }
  arrays.forEach((found, i) => {
    const { what, shape, dtype } = expected[i] as ExpectedArray;
    const named = `optimizer weight ${i} (${found.name}, for ${what})`;
    if (found.shape.join() !== shape.join()) {
      refuse(
        `${named} has shape [${found.shape}], ${optimizer} needs [${shape}]`,
        `optimizerWeights[${i}]`,
      );
    }
    if (found.dtype !== dtype) {
      refuse(`${named} is ${found.dtype}, ${optimizer} needs ${dtype}`, `optimizerWeights[${i}]`);
    }
  });
}
