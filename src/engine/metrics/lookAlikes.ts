/**
 * Characters that look the same when written alone: the lab's lesson that a single character is
 * ambiguous (is it 0, O or o?) and that context is needed to tell them apart. The one list the
 * engine, the CLI and the studio use: case pairs whose capital is the small letter enlarged (as
 * EMNIST's Balanced split merges them), and the digits that match letters (0/O/o, 1/l/I, 5/s/S,
 * 9/g/q).
 */
export const LOOK_ALIKE_GROUPS: readonly (readonly string[])[] = [
  ['0', 'O', 'o'],
  ['1', 'l', 'I'],
  ['c', 'C'],
  ['s', 'S', '5'],
  ['v', 'V'],
  ['w', 'W'],
  ['x', 'X'],
  ['z', 'Z'],
  ['p', 'P'],
  ['k', 'K'],
  ['u', 'U'],
  ['y', 'Y'],
  ['m', 'M'],
  ['9', 'g', 'q'],
];

/** For each class of `mapping`, the class that stands for its look-alike group (or itself). */
export function lookAlikeRepresentatives(mapping: readonly string[]): number[] {
  const indexOf = new Map(mapping.map((token, i) => [token, i]));
  const representative = mapping.map((_, i) => i);
  for (const group of LOOK_ALIKE_GROUPS) {
    const members = group.flatMap((token) => indexOf.get(token) ?? []);
    for (const member of members) representative[member] = Math.min(...members);
  }
  return representative;
}

/**
 * Accuracy when a prediction in the true class's look-alike group counts as right, from a
 * confusion matrix (rows true, columns predicted, over `mapping`).
 */
export function mergedLookAlikeAccuracy(
  matrix: readonly (readonly number[])[],
  mapping: readonly string[],
): number {
  const representative = lookAlikeRepresentatives(mapping);
  let total = 0;
  let right = 0;
  matrix.forEach((row, t) => {
    row.forEach((count, p) => {
      total += count;
      if (representative[t] === representative[p]) right += count;
    });
  });
  return total === 0 ? 0 : right / total;
}
