/** Reading a confusion matrix (rows true class, columns predicted class): plain data for JSON. */
import { LOOK_ALIKE_GROUPS, mergedLookAlikeAccuracy } from './lookAlikes';

export interface ClassAccuracy {
  /** Index in the mapping. */
  index: number;
  label: string;
  /** Examples of the class. */
  count: number;
  /** Examples predicted as the class. */
  predicted: number;
  correct: number;
  /** correct / count (the class's accuracy); null for a class without examples. */
  recall: number | null;
  /** correct / predicted; null for a class never predicted. */
  precision: number | null;
}

export interface ConfusedPair {
  trueIndex: number;
  predictedIndex: number;
  trueLabel: string;
  predictedLabel: string;
  count: number;
  /** count / examples of the true class. */
  rate: number;
}

export interface ConfusionSummary {
  /** Examples counted (line positions for line models, padding left out). */
  examples: number;
  accuracy: number;
  /** The classes shown: those with examples or predictions, in mapping order. */
  classes: number[];
  labels: string[];
  /** Counts over `classes`: matrix[i][j] = examples of classes[i] predicted as classes[j]. */
  matrix: number[][];
  perClass: ClassAccuracy[];
  /** The largest off-diagonal cells, most frequent first. */
  confusedPairs: ConfusedPair[];
  lookAlikes: { groups: string[][]; mergedAccuracy: number };
}

/** Summarizes a full [C][C] matrix over `mapping`; `topPairs` bounds the confused pairs. */
export function summarizeConfusion(
  full: readonly (readonly number[])[],
  mapping: readonly string[],
  topPairs: number,
): ConfusionSummary {
  const rowSums = full.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = mapping.map((_, p) => full.reduce((sum, row) => sum + row[p], 0));
  const classes = mapping.flatMap((_, i) => (rowSums[i] > 0 || colSums[i] > 0 ? [i] : []));
  const shownLabels = new Set(classes.map((i) => mapping[i]));
  const examples = rowSums.reduce((a, b) => a + b, 0);
  const correct = mapping.reduce((sum, _, i) => sum + full[i][i], 0);
  const pairs: ConfusedPair[] = [];
  for (const t of classes) {
    for (const p of classes) {
      if (t === p || full[t][p] === 0) continue;
      pairs.push({
        trueIndex: t,
        predictedIndex: p,
        trueLabel: mapping[t],
        predictedLabel: mapping[p],
        count: full[t][p],
        rate: full[t][p] / rowSums[t],
      });
    }
  }
  // Ties in mapping order, so the summary is the same from run to run.
  pairs.sort(
    (a, b) => b.count - a.count || a.trueIndex - b.trueIndex || a.predictedIndex - b.predictedIndex,
  );
  return {
    examples,
    accuracy: examples === 0 ? 0 : correct / examples,
    classes,
    labels: classes.map((i) => mapping[i]),
    matrix: classes.map((t) => classes.map((p) => full[t][p])),
    perClass: classes.map((i) => ({
      index: i,
      label: mapping[i],
      count: rowSums[i],
      predicted: colSums[i],
      correct: full[i][i],
      recall: rowSums[i] === 0 ? null : full[i][i] / rowSums[i],
      precision: colSums[i] === 0 ? null : full[i][i] / colSums[i],
    })),
    confusedPairs: pairs.slice(0, topPairs),
    lookAlikes: {
      // Only the groups with at least two classes this split holds (MNIST lines: none).
      groups: LOOK_ALIKE_GROUPS.map((g) => g.filter((token) => shownLabels.has(token))).filter(
        (g) => g.length > 1,
      ),
      mergedAccuracy: mergedLookAlikeAccuracy(full, mapping),
    },
  };
}
