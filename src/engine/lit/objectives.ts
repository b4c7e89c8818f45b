import { crossEntropyObjective } from './crossEntropyObjective';
import { ctcObjective } from './ctcObjective';
import { lossNames } from './lossNames';
import type { Objective } from './objective';

/** The objective of the lab's `--loss` name, with cross-entropy's label smoothing. */
export function objectiveFor(name: string, labelSmoothing = 0): Objective {
  if (!(lossNames as readonly string[]).includes(name)) {
    throw new Error(`Unknown loss '${name}'. Choose one of: ${lossNames.join(', ')}.`);
  }
  if (name === 'ctc') {
    if (labelSmoothing > 0) {
      throw new Error(
        '--label_smoothing applies to --loss cross_entropy; CTC has no one-hot targets.',
      );
    }
    return ctcObjective;
  }
  return crossEntropyObjective(labelSmoothing);
}
