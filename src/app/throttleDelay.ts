/**
 * Milliseconds to wait, at time `now`, before showing a new value: until the next time that is
 * `phaseMs` past a multiple of `intervalMs`, and at least `intervalMs` after the last update.
 */
export function throttleDelay(
  now: number,
  lastUpdate: number,
  intervalMs: number,
  phaseMs: number,
): number {
  const slot = Math.ceil((now - phaseMs) / intervalMs) * intervalMs + phaseMs;
  return Math.max(slot - now, lastUpdate + intervalMs - now, 0);
}
