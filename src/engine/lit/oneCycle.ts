/**
 * PyTorch's OneCycleLR with its defaults (pct_start 0.3, cosine annealing, div_factor 25,
 * final_div_factor 1e4), stepped once per optimizer step as the lab does. Past the last step
 * the rate stays at its minimum instead of raising as PyTorch does.
 */
export function oneCycleLr(step: number, maxLr: number, totalSteps: number): number {
  const initial = maxLr / 25;
  const final = initial / 1e4;
  const warmEnd = 0.3 * totalSteps - 1;
  const end = totalSteps - 1;
  const s = Math.min(step, end);
  if (s <= warmEnd) return cosine(initial, maxLr, warmEnd <= 0 ? 1 : s / warmEnd);
  return cosine(maxLr, final, (s - warmEnd) / (end - warmEnd));
}

/** From `start` at fraction 0 to `end` at 1 along half a cosine. */
export function cosine(start: number, end: number, fraction: number): number {
  return end + ((start - end) / 2) * (1 + Math.cos(Math.PI * fraction));
}

/**
 * PyTorch's CosineAnnealingLR with eta_min 0 and T_max `totalSteps`, stepped per optimizer
 * step; past the last step the rate stays 0 instead of rising again.
 */
export function cosineLr(step: number, lr: number, totalSteps: number): number {
  return cosine(lr, 0, Math.min(step, totalSteps) / totalSteps);
}
