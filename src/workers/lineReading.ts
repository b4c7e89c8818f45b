/**
 * A line model's per-position class probabilities read as text, on the host: LineCNNSimple
 * gives one class per window (padding and special tokens dropped), a CTC model one per time
 * step (greedy decoding as engine/metrics/greedyDecode: repeats collapse, then blanks go;
 * the studio also keeps the step each character came from).
 */
import { NUM_SPECIAL_TOKENS } from '../engine/data/emnistMapping';
import type { LinePosition, LineReading } from './protocol';

export interface LineOutputs {
  /** Softmax outputs, row-major [steps, classes]. */
  probabilities: ArrayLike<number>;
  steps: number;
  classes: number;
}

function argMax(p: ArrayLike<number>, from: number, classes: number): number {
  let best = 0;
  for (let k = 1; k < classes; k++) if (p[from + k] > p[from + best]) best = k;
  return best;
}

function topAt(
  { probabilities, classes }: LineOutputs,
  step: number,
  mapping: readonly string[],
  k: number,
): LinePosition['top'] {
  const row = Array.from({ length: classes }, (_, index) => ({
    index,
    label: mapping[index] ?? `#${index}`,
    probability: probabilities[step * classes + index],
  }));
  return row.sort((a, b) => b.probability - a.probability).slice(0, k);
}

export function readLine(
  outputs: LineOutputs,
  mapping: readonly string[],
  decoding: LineReading['decoding'],
  topK = 3,
): LineReading {
  const best = Array.from({ length: outputs.steps }, (_, t) =>
    argMax(outputs.probabilities, t * outputs.classes, outputs.classes),
  );
  const kept: number[] = [];
  for (let t = 0; t < best.length; t++) {
    const token = best[t];
    // The special tokens (<B>, <S>, <E>, <P>) are never characters of the text.
    if (token < NUM_SPECIAL_TOKENS) continue;
    // CTC: a step repeating the previous step's token continues the same character.
    if (decoding === 'ctc' && t > 0 && best[t - 1] === token) continue;
    kept.push(t);
  }
  const positions = kept.map((step) => ({
    step,
    char: mapping[best[step]] ?? `#${best[step]}`,
    top: topAt(outputs, step, mapping, topK),
  }));
  return { text: positions.map((p) => p.char).join(''), positions, decoding };
}
