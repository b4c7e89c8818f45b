/** A checkpoint that cannot be used: damaged, hostile or not a checkpoint at all. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';

  constructor(
    message: string,
    /** The offending field's path (`meta.epoch`), when one field is to blame. */
    readonly field?: string,
  ) {
    super(message);
  }
}
