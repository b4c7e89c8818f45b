import type { BackendReport } from '../workers/protocol';

const DISPLAY_NAMES: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'wasm',
  cpu: 'cpu',
};

/**
 * "webgpu — google swiftshader", or after a fallback "webgl (WebGPU unavailable: no adapter)":
 * the backend in use, its hardware, and why each faster one could not start.
 */
export function backendText(report: BackendReport): string {
  const hardware = report.adapter
    ? [report.adapter.vendor, report.adapter.architecture].filter(Boolean).join(' ')
    : report.backend === 'wasm'
      ? report.description.replace(/^wasm,\s*/, '')
      : '';
  const head = hardware ? `${report.backend} — ${hardware}` : report.backend;
  if (report.fallbacks.length === 0) return head;
  const reasons = report.fallbacks.map(
    (f) =>
      `${DISPLAY_NAMES[f.backend] ?? f.backend} unavailable: ${f.reason.replace(/^Backend '\w+' failed:\s*/, '')}`,
  );
  return `${head} (${reasons.join('; ')})`;
}
