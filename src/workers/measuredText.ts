import type { MeasuredBackend } from './protocol';

/**
 * "wasm 1,240/s, webgpu (software) <4/s": training samples per second, fastest first; "<" where
 * not even one step finished in the time allowed.
 */
export function measuredText(results: readonly MeasuredBackend[]): string {
  return results
    .map(
      (r) =>
        `${r.label} ${r.steps === 0 ? '<' : ''}${Math.round(r.samplesPerSec).toLocaleString('en-US')}/s`,
    )
    .join(', ');
}
