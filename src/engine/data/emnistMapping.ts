/**
 * The lab's 83-token mapping: 4 special tokens, the 62 EMNIST ByClass characters (label k is
 * token k + 4), then the punctuation used by synthesized lines.
 */

export const BLANK = 0;
export const START = 1;
export const END = 2;
export const PADDING = 3;
export const NUM_SPECIAL_TOKENS = 4;
/** EMNIST ByClass labels: 0-9, A-Z, a-z. */
export const NUM_EMNIST_CLASSES = 62;

const range = (from: string, to: string): string[] =>
  Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) =>
    String.fromCharCode(from.charCodeAt(0) + i),
  );

export const EMNIST_MAPPING: readonly string[] = Object.freeze([
  '<B>',
  '<S>',
  '<E>',
  '<P>',
  ...range('0', '9'),
  ...range('A', 'Z'),
  ...range('a', 'z'),
  ...[' ', '!', '"', '#', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/', ':', ';', '?'],
]);

/** The tokens a line's CTC decoding and its error rates need: blank, padding, word separator. */
export const LINE_TOKENS = Object.freeze({
  blank: BLANK,
  padding: PADDING,
  space: EMNIST_MAPPING.indexOf(' '),
});

/** The 83-token index of an EMNIST ByClass label. */
export function emnistLabelToToken(label: number): number {
  return label + NUM_SPECIAL_TOKENS;
}
