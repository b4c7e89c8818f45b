import type { MeasuredBackend } from './protocol';

/** "wasm 1,240/s, webgpu (software) 51/s": training samples per second, fastest first. */
export function measuredText(results: readonly MeasuredBackend[]): string {
  return results
    .map((r) => `${r.label} ${Math.round(r.samplesPerSec).toLocaleString('en-US')}/s`)
    .join(', ');
}
