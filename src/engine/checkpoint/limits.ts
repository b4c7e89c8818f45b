/** The lab's CNN with Adam state is about 20 MB; far larger files are not checkpoints. */
export const CHECKPOINT_MAX_BYTES = 256e6;
