import { crossEntropyObjective } from './crossEntropyObjective';
import { ctcObjective } from './ctcObjective';
import { type LossName, lossNames } from './lossNames';
import type { Objective } from './objective';

const objectives: Readonly<Record<LossName, Objective>> = {
  cross_entropy: crossEntropyObjective,
  ctc: ctcObjective,
};

/** The objective of the lab's `--loss` name. */
export function objectiveFor(name: string): Objective {
  if (!(lossNames as readonly string[]).includes(name)) {
    throw new Error(`Unknown loss '${name}'. Choose one of: ${lossNames.join(', ')}.`);
  }
  return objectives[name as LossName];
}
