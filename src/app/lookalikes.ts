/**
 * Characters that look the same when written alone: the lab's lesson that single characters
 * are ambiguous and that context (the rest of the word) is needed to tell them apart.
 */
export const LOOKALIKE_GROUPS: readonly (readonly string[])[] = [
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

/** The look-alikes of the top class that also appear among the top classes (top first). */
export function lookalikesIn(labels: readonly string[]): string[] | undefined {
  const [first, ...rest] = labels;
  const group = LOOKALIKE_GROUPS.find((g) => g.includes(first));
  if (!group) return undefined;
  const others = rest.filter((label) => group.includes(label));
  return others.length > 0 ? [first, ...others] : undefined;
}
