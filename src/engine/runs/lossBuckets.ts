/**
 * Train loss per step, kept small however long the run: every point up to `cap`, then
 * neighbouring points merge in pairs into min/mean/max buckets, so a record keeps the curve's
 * shape and its spread at a bounded size.
 */

/** [last step, ms since the run started, mean, min, max, steps merged]. */
export type LossBucket = [number, number, number, number, number, number];

export const LOSS_BUCKET_CAP = 2000;

/** Appends in place (the recorder owns its buckets; a step must not copy thousands). */
export function appendLoss(
  buckets: LossBucket[],
  step: number,
  ms: number,
  loss: number,
  cap = LOSS_BUCKET_CAP,
): void {
  buckets.push([step, ms, loss, loss, loss, 1]);
  if (buckets.length > cap) buckets.splice(0, buckets.length, ...mergePairs(buckets));
}

function mergePairs(buckets: LossBucket[]): LossBucket[] {
  const merged: LossBucket[] = [];
  for (let i = 0; i + 1 < buckets.length; i += 2) {
    const [, , meanA, minA, maxA, nA] = buckets[i];
    const [step, ms, meanB, minB, maxB, nB] = buckets[i + 1];
    const n = nA + nB;
    merged.push([
      step,
      ms,
      (meanA * nA + meanB * nB) / n,
      Math.min(minA, minB),
      Math.max(maxA, maxB),
      n,
    ]);
  }
  if (buckets.length % 2 === 1) merged.push(buckets[buckets.length - 1]);
  return merged;
}
