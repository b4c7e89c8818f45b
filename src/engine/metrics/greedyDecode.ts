/** Reading a CTC model's output on the host: best path, collapsed, and scored against labels. */

/**
 * Greedy (best-path) CTC decoding of one sequence of per-step argmax tokens: repeats collapse
 * into one token, then blanks go (so a blank between two equal tokens keeps both).
 */
export function greedyDecode(bestPath: ArrayLike<number>, blank: number): number[] {
  const tokens: number[] = [];
  let previous = -1;
  for (let t = 0; t < bestPath.length; t++) {
    const token = bestPath[t];
    if (token !== previous && token !== blank) tokens.push(token);
    previous = token;
  }
  return tokens;
}

/** The tokens of a padded label row up to its first padding token. */
export function unpad(label: ArrayLike<number>, padding: number): number[] {
  const tokens: number[] = [];
  for (let i = 0; i < label.length && label[i] !== padding; i++) tokens.push(label[i]);
  return tokens;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions from a to b. */
export function editDistance(a: readonly number[], b: readonly number[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Edit distances and reference lengths summed over a batch, the two halves of the CER. */
export interface ErrorTally {
  edits: number;
  chars: number;
}

/**
 * Decodes each row of a [n, T] best-path batch and compares it with the [n, L] padded labels.
 * The character error rate is `edits / chars` over all the rows of a split.
 */
export function tallyCharacterErrors(
  bestPaths: Int32Array,
  labels: Int32Array,
  rows: number,
  tokens: { blank: number; padding: number },
): ErrorTally {
  const steps = bestPaths.length / rows;
  const labelLength = labels.length / rows;
  const tally: ErrorTally = { edits: 0, chars: 0 };
  for (let r = 0; r < rows; r++) {
    const path = bestPaths.subarray(r * steps, (r + 1) * steps);
    const reference = unpad(
      labels.subarray(r * labelLength, (r + 1) * labelLength),
      tokens.padding,
    );
    tally.edits += editDistance(greedyDecode(path, tokens.blank), reference);
    tally.chars += reference.length;
  }
  return tally;
}
