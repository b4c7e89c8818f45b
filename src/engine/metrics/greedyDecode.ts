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
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
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

/** The words of a token sequence: the runs between `space` tokens, each as a key. */
export function words(tokens: readonly number[], space: number): string[] {
  const out: string[] = [];
  let word: number[] = [];
  for (const token of [...tokens, space]) {
    if (token !== space) {
      word.push(token);
    } else if (word.length > 0) {
      out.push(word.join(','));
      word = [];
    }
  }
  return out;
}

/**
 * Edit distances and reference lengths summed over a batch: in characters, the two halves of
 * the CER, and in words, of the WER.
 */
export interface ErrorTally {
  edits: number;
  chars: number;
  wordEdits: number;
  words: number;
}

/** Adds one decoded line's errors against its reference to `tally`. */
export function addLineErrors(
  tally: ErrorTally,
  decoded: readonly number[],
  reference: readonly number[],
  space: number,
): void {
  tally.edits += editDistance(decoded, reference);
  tally.chars += reference.length;
  const referenceWords = words(reference, space);
  tally.wordEdits += editDistance(words(decoded, space), referenceWords);
  tally.words += referenceWords.length;
}

/**
 * Decodes each row of a [n, T] best-path batch and compares it with the [n, L] padded labels.
 * The character error rate is `edits / chars` over all the rows of a split, the word error
 * rate `wordEdits / words`.
 */
export function tallyCharacterErrors(
  bestPaths: Int32Array,
  labels: Int32Array,
  rows: number,
  tokens: { blank: number; padding: number; space: number },
): ErrorTally {
  const steps = bestPaths.length / rows;
  const labelLength = labels.length / rows;
  const tally: ErrorTally = { edits: 0, chars: 0, wordEdits: 0, words: 0 };
  for (let r = 0; r < rows; r++) {
    const path = bestPaths.subarray(r * steps, (r + 1) * steps);
    const reference = unpad(
      labels.subarray(r * labelLength, (r + 1) * labelLength),
      tokens.padding,
    );
    addLineErrors(tally, greedyDecode(path, tokens.blank), reference, tokens.space);
  }
  return tally;
}
