// Apart from the objectives so that config parsing (also on the page's main thread) loads no tfjs.
/** The lab's `--loss`: cross-entropy per output (one or per line position), or CTC for lines. */
export const lossNames = ['cross_entropy', 'ctc'] as const;
export type LossName = (typeof lossNames)[number];
