/**
 * Which tfjs backend the studio trains on: the first that starts in the order WebGPU, WebGL,
 * wasm, cpu (a preferred one tried first), keeping the reason each earlier one failed so the
 * page can say why it is not on the GPU. Pure over the probes, so it is tested in Node.
 */

import type { BackendName } from '../engine/backends/initBackend';
import { errorMessage } from '../engine/errorMessage';
import type { HardwareInfo } from '../engine/events';
import type { BackendReport } from './protocol';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export type Adapter = NonNullable<BackendReport['adapter']>;

export interface BackendProbes {
  /** Starts `name` and resolves its info; rejects with the reason it cannot run. */
  start(name: BackendName): Promise<HardwareInfo>;
  /** The WebGPU adapter's vendor and architecture, once webgpu has started. */
  describeAdapter(): Promise<Adapter | undefined>;
}

export function backendOrder(preferred?: BackendName): BackendName[] {
  return preferred
    ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)]
    : [...BACKEND_ORDER];
}

export function chooseBackend(
  probes: BackendProbes,
  preferred?: BackendName,
): Promise<BackendReport> {
  return chooseFrom(probes, backendOrder(preferred), []);
}

/** Backends that draw on the GPU: a lost device rules out both. */
const GPU_BACKENDS: ReadonlySet<BackendName> = new Set(['webgpu', 'webgl']);

/**
 * The backend to continue on once `lost`'s GPU device was lost: the rest of the chain without
 * the GPU backends (WebGL runs on the same GPU, which may be reset or gone), so wasm, then cpu.
 * Both GPU backends appear in the report's fallbacks with why they were passed over.
 */
export function chooseAfterDeviceLoss(
  probes: BackendProbes,
  lost: BackendName,
  detail: string,
): Promise<BackendReport> {
  const skipped = BACKEND_ORDER.filter((b) => GPU_BACKENDS.has(b)).map((backend) => ({
    backend,
    reason:
      backend === lost
        ? `its device was lost (${detail})`
        : `not tried: it runs on the GPU whose ${DISPLAY[lost] ?? lost} device was lost`,
  }));
  return chooseFrom(
    probes,
    BACKEND_ORDER.filter((b) => !GPU_BACKENDS.has(b)),
    skipped,
  );
}

const DISPLAY: Partial<Record<BackendName, string>> = { webgpu: 'WebGPU', webgl: 'WebGL' };

async function chooseFrom(
  probes: BackendProbes,
  order: readonly BackendName[],
  skipped: BackendReport['fallbacks'],
): Promise<BackendReport> {
  const fallbacks: BackendReport['fallbacks'] = [...skipped];
  for (const backend of order) {
    let info: HardwareInfo;
    try {
      info = await probes.start(backend);
    } catch (error) {
      fallbacks.push({ backend, reason: errorMessage(error) });
      continue;
    }
    if (backend !== 'webgpu') return { ...info, fallbacks };
    const adapter = await probes.describeAdapter().catch(() => undefined);
    return adapter
      ? { ...info, description: webgpuDescription(adapter), adapter, fallbacks }
      : { ...info, fallbacks };
  }
  throw new Error(
    `No TensorFlow.js backend could start in this browser: ${fallbacks
      .map((f) => `${f.backend}: ${f.reason}`)
      .join('; ')}. Try another browser or update this one.`,
  );
}

export function webgpuDescription(adapter: Adapter): string {
  const name = [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unknown GPU';
  return `webgpu (${name}${adapter.isFallbackAdapter ? ', software fallback adapter' : ''})`;
}

/** The slice of GPUAdapter read here: `info` (current browsers), `requestAdapterInfo` (older). */
export interface AdapterLike {
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  requestAdapterInfo?(): Promise<{ vendor?: string; architecture?: string }>;
}

export async function adapterInfo(adapter: AdapterLike): Promise<Adapter> {
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  const isFallbackAdapter =
    (info as AdapterLike['info'])?.isFallbackAdapter ?? adapter.isFallbackAdapter;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    ...(isFallbackAdapter === undefined ? {} : { isFallbackAdapter }),
  };
}
