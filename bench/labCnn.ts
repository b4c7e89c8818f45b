import { classFlagDefaults } from '../src/engine/flagSpec';
import type { CnnArgs } from '../src/engine/models/cnn';
import { cnnFlags } from '../src/engine/models/modelFlags';

/** The lab's CNN, as every benchmark trains it: the defaults of the CNN's flags. */
export const labCnn = classFlagDefaults(cnnFlags) as unknown as CnnArgs;
