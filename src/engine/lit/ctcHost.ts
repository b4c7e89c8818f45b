/**
 * CTC's forward-backward recursion on the host, in float64, for backends whose tensors already
 * live in host memory (wasm, cpu): there a few thousand tiny tensor ops, ten or so per time step
 * forward and more backward, cost far more than these loops. Gives, per sequence, -log p(label)
 * and its gradient with respect to the logits: softmax minus the occupancy of each class. The
 * recursions run on probabilities rescaled at every step (Rabiner's scaling), without a log or
 * an exp per state; a sequence where a needed probability underflows even float64 runs again
 * in log space.
 */
import type { CtcTokens } from './ctcLoss';

/** What a label no alignment can produce gets as its NLL (the tensor path's -LOG_ZERO). */
export const INFEASIBLE_NLL = 1e30;

export interface CtcShape {
  sequences: number;
  steps: number;
  classes: number;
  /** Label positions per row, padding included. */
  maxLength: number;
}

export interface CtcHostResult {
  /** [sequences]: -log p(label | x). */
  nll: Float32Array;
  /** [sequences, steps, classes]: d nll / d logits; 0 for labels no alignment can produce. */
  grad: Float32Array;
}

/** log(e^a + e^b), with -Infinity as log 0. */
function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Per row of `classes` logits, their log-softmax. */
function logSoftmax(logits: ArrayLike<number>, offset: number, steps: number, classes: number) {
  const out = new Float64Array(steps * classes);
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[row + k]);
    let total = 0;
    for (let k = 0; k < classes; k++) total += Math.exp(logits[row + k] - max);
    const logTotal = max + Math.log(total);
    for (let k = 0; k < classes; k++) out[t * classes + k] = logits[row + k] - logTotal;
  }
  return out;
}

/** One sequence's extended label and what its recursions need. */
interface Lattice {
  /** Blank, l1, blank, l2, ..., lL, blank. */
  z: Int32Array;
  canSkip: (s: number) => boolean;
  steps: number;
  classes: number;
}

/**
 * @param logits [sequences, steps, classes] unnormalized scores.
 * @param labels [sequences, maxLength] tokens; a label ends at its first padding token.
 */
export function ctcForwardBackward(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  shape: CtcShape,
  tokens: CtcTokens,
): CtcHostResult {
  const { sequences, steps, classes, maxLength } = shape;
  const nll = new Float32Array(sequences);
  const grad = new Float32Array(sequences * steps * classes);
  for (let b = 0; b < sequences; b++) {
    let length = 0;
    while (length < maxLength && labels[b * maxLength + length] !== tokens.padding) length++;
    const z = new Int32Array(2 * length + 1).fill(tokens.blank);
    let required = length;
    for (let i = 0; i < length; i++) {
      z[2 * i + 1] = labels[b * maxLength + i];
      if (i > 0 && z[2 * i + 1] === z[2 * i - 1]) required++;
    }
    if (required > steps) {
      nll[b] = INFEASIBLE_NLL;
      continue;
    }
    const lattice: Lattice = {
      z,
      canSkip: (s) => s >= 2 && z[s] !== tokens.blank && z[s] !== z[s - 2],
      steps,
      classes,
    };
    const logp = logSoftmax(logits, b * steps * classes, steps, classes);
    const out = grad.subarray(b * steps * classes, (b + 1) * steps * classes);
    nll[b] = scaledSequence(lattice, logp, out) ?? logSpaceSequence(lattice, logp, out);
  }
  return { nll, grad };
}

/** The recursions on rescaled probabilities; undefined where one step's sum underflows. */
function scaledSequence(lattice: Lattice, logp: Float64Array, out: Float32Array) {
  const { z, steps, classes } = lattice;
  const size = z.length;
  // Plain arrays and loops: this runs once per line and step, closures cost here.
  const skip = new Uint8Array(size);
  for (let s = 0; s < size; s++) skip[s] = lattice.canSkip(s) ? 1 : 0;
  const y = new Float64Array(logp.length);
  for (let i = 0; i < y.length; i++) y[i] = Math.exp(logp[i]);
  const alpha = new Float64Array(steps * size);
  const beta = new Float64Array(steps * size);
  let logP = 0;
  for (let t = 0; t < steps; t++) {
    const at = t * size;
    const row = t * classes;
    if (t === 0) {
      alpha[0] = y[z[0]];
      if (size > 1) alpha[1] = y[z[1]];
    } else {
      const before = at - size;
      for (let s = 0; s < size; s++) {
        let sum = alpha[before + s];
        if (s >= 1) sum += alpha[before + s - 1];
        if (skip[s] === 1) sum += alpha[before + s - 2];
        alpha[at + s] = sum * y[row + z[s]];
      }
    }
    // Each step's values divided by their sum, whose log goes into log p.
    let sum = 0;
    for (let s = 0; s < size; s++) sum += alpha[at + s];
    if (!(sum > 0 && sum < Number.POSITIVE_INFINITY)) return undefined;
    for (let s = 0; s < size; s++) alpha[at + s] /= sum;
    logP += Math.log(sum);
  }
  const last = (steps - 1) * size;
  const end = alpha[last + size - 1] + (size > 1 ? alpha[last + size - 2] : 0);
  if (!(end > 0)) return undefined;
  logP += Math.log(end);
  beta[last + size - 1] = 1;
  if (size > 1) beta[last + size - 2] = 1;
  for (let t = steps - 2; t >= 0; t--) {
    const at = t * size;
    const after = at + size;
    const row = (t + 1) * classes;
    let total = 0;
    for (let s = 0; s < size; s++) {
      let sum = beta[after + s] * y[row + z[s]];
      if (s + 1 < size) sum += beta[after + s + 1] * y[row + z[s + 1]];
      if (s + 2 < size && skip[s + 2] === 1) sum += beta[after + s + 2] * y[row + z[s + 2]];
      beta[at + s] = sum;
      total += sum;
    }
    if (!(total > 0 && total < Number.POSITIVE_INFINITY)) return undefined;
    for (let s = 0; s < size; s++) beta[at + s] /= total;
  }
  // The occupancy of each state, alpha * beta normalized per step (the scales cancel).
  const step = new Float64Array(classes);
  for (let t = 0; t < steps; t++) {
    const at = t * size;
    let total = 0;
    for (let s = 0; s < size; s++) total += alpha[at + s] * beta[at + s];
    if (!(total > 0)) return undefined;
    for (let k = 0; k < classes; k++) step[k] = y[t * classes + k];
    for (let s = 0; s < size; s++) step[z[s]] -= (alpha[at + s] * beta[at + s]) / total;
    out.set(step, t * classes);
  }
  return -logP;
}

/** The recursions in log space, for any scores. */
function logSpaceSequence(lattice: Lattice, logp: Float64Array, out: Float32Array): number {
  const { z, canSkip, steps, classes } = lattice;
  const size = z.length;
  const alpha = new Float64Array(steps * size).fill(Number.NEGATIVE_INFINITY);
  // beta[t][s]: the log-probability of the rest of the label after step t, from state s.
  const beta = new Float64Array(steps * size).fill(Number.NEGATIVE_INFINITY);
  alpha[0] = logp[z[0]];
  if (size > 1) alpha[1] = logp[z[1]];
  for (let t = 1; t < steps; t++) {
    for (let s = 0; s < size; s++) {
      const before = (t - 1) * size;
      let sum = alpha[before + s];
      if (s >= 1) sum = logAdd(sum, alpha[before + s - 1]);
      if (canSkip(s)) sum = logAdd(sum, alpha[before + s - 2]);
      alpha[t * size + s] = sum + logp[t * classes + z[s]];
    }
  }
  const last = (steps - 1) * size;
  beta[last + size - 1] = 0;
  if (size > 1) beta[last + size - 2] = 0;
  for (let t = steps - 2; t >= 0; t--) {
    const after = (t + 1) * size;
    const emit = (s: number) => beta[after + s] + logp[(t + 1) * classes + z[s]];
    for (let s = 0; s < size; s++) {
      let sum = emit(s);
      if (s + 1 < size) sum = logAdd(sum, emit(s + 1));
      if (s + 2 < size && canSkip(s + 2)) sum = logAdd(sum, emit(s + 2));
      beta[t * size + s] = sum;
    }
  }
  const logP = size > 1 ? logAdd(alpha[last + size - 1], alpha[last + size - 2]) : alpha[last];
  const step = new Float64Array(classes);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < classes; k++) step[k] = Math.exp(logp[t * classes + k]);
    for (let s = 0; s < size; s++) {
      step[z[s]] -= Math.exp(alpha[t * size + s] + beta[t * size + s] - logP);
    }
    out.set(step, t * classes);
  }
  return -logP;
}
