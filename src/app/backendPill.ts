import { measuredText } from '../workers/measuredText';
import type { BackendReport } from '../workers/protocol';
import { backendText } from './backendText';

export interface PillInput {
  /** The backend the worker started last (undefined until it has started one). */
  report?: BackendReport;
  /** The form's backend field; empty or absent for auto. */
  selected?: string;
  /** modelShapeKey of the form's config; undefined when the form does not resolve. */
  model?: string;
  /** A run is training (or paused): the pill shows what it trains on. */
  running: boolean;
  /** An auto run's start is timing the backends (the worker's measureBackends task). */
  measuring?: boolean;
}

/** The header's pill: `text` one short line, `details` the full story (its title). */
export interface Pill {
  text: string;
  details: string;
}

const DISPLAY_NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL' };

/** "webgpu — google swiftshader", "wasm — 1 thread": the backend and its hardware, short. */
function shortHead(report: BackendReport): string {
  const gpu = report.adapter
    ? [report.adapter.vendor, report.adapter.architecture].filter(Boolean).join(' ')
    : '';
  if (gpu) return `${report.backend} — ${gpu}`;
  if (report.backend === 'wasm' && report.threads) {
    return `wasm — ${report.threads} thread${report.threads === 1 ? '' : 's'}`;
  }
  return report.backend;
}

/** "(WebGPU unavailable: no adapter)": why the backends before it could not start. */
function unavailable(report: BackendReport): string {
  if (report.fallbacks.length === 0) return '';
  const reasons = report.fallbacks.map(
    (f) =>
      `${DISPLAY_NAMES[f.backend] ?? f.backend} unavailable: ${f.reason.replace(/^Backend '\w+' failed:\s*/, '')}`,
  );
  return ` (${reasons.join('; ')})`;
}

function measuredLine(report: BackendReport): string {
  const m = report.measurement;
  return m ? `Measured on this model: ${measuredText(m.results)}.` : '';
}

/**
 * What the next run will train on: the form's backend when it names one, else (auto) the
 * choice measured for the form's model, or that it is measured when training starts. While a
 * run trains, the backend it trains on (it may have moved off a lost GPU).
 */
export function backendPill({ report, selected, model, running, measuring }: PillInput): Pill {
  if (!report) return { text: 'starting TensorFlow.js…', details: '' };
  // The backend started before is not the run's: it is being chosen.
  if (measuring)
    return { text: 'auto: measuring backends…', details: `Started: ${backendText(report)}.` };
  const details = [`Started: ${backendText(report)}.`, measuredLine(report)]
    .filter(Boolean)
    .join(' ');
  if (running) return { text: shortHead(report) + unavailable(report), details };
  if (selected) {
    if (selected === report.backend) return { text: `${shortHead(report)} (selected)`, details };
    // The form's backend did not start last time: the report says why.
    if (report.fallbacks.some((f) => f.backend === selected)) {
      return { text: shortHead(report) + unavailable(report), details };
    }
    return { text: `${selected} (selected)`, details };
  }
  const m = report.measurement;
  if (m && m.model === model && m.results.length > 0) {
    return { text: `${m.results[0].backend} — measured: ${measuredText(m.results)}`, details };
  }
  return { text: `auto: measured when you train${unavailable(report)}`, details };
}
