import * as tf from '@tensorflow/tfjs';

/**
 * The most a wasm32 heap can grow to: 65,535 pages of 64 KiB, the maximum tfjs-backend-wasm's
 * Emscripten build allows (its getHeapMax). Every tensor, and every buffer XNNPACK packs, lives
 * in it.
 */
export const WASM32_HEAP_MAX_BYTES = 65535 * 65536;

/** Byte counts a wasm32 `size_t` can hold; a larger count wraps when passed to malloc. */
export const WASM32_ADDRESS_SPACE_BYTES = 2 ** 32;

/** What a backend can hold: in all (where known), and in one tensor. */
export interface MemoryLimits {
  backend: string;
  totalBytes?: number;
  tensorBytes?: number;
  /** Where the limits come from, for messages: "the wasm32 heap maximum", ... */
  source: string;
}

/** The adapter limits tfjs-backend-webgpu's device carries. */
interface WebGpuLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

/**
 * What the active backend `name` can hold, for the step memory check: wasm its heap maximum
 * (in all and per tensor); WebGPU the adapter's largest buffer and storage binding per tensor;
 * WebGL its largest texture (four floats per texel, as tfjs packs them) per tensor. The cpu
 * backend has no limit of its own.
 */
export function memoryLimitsOf(name: string): MemoryLimits {
  if (name === 'wasm') {
    return {
      backend: name,
      totalBytes: WASM32_HEAP_MAX_BYTES,
      tensorBytes: WASM32_HEAP_MAX_BYTES,
      source: 'the wasm32 heap maximum',
    };
  }
  if (name === 'webgpu') {
    const backend = tf.engine().findBackend(name) as unknown as {
      device?: { limits: WebGpuLimits };
    } | null;
    const device = backend?.device;
    if (device === undefined) return { backend: name, source: 'no WebGPU device' };
    const { maxBufferSize, maxStorageBufferBindingSize } = device.limits;
    return {
      backend: name,
      tensorBytes: Math.min(maxBufferSize, maxStorageBufferBindingSize),
      source: `the adapter's maxBufferSize ${maxBufferSize} and maxStorageBufferBindingSize ${maxStorageBufferBindingSize}`,
    };
  }
  if (name === 'webgl') {
    const texture = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return {
      backend: name,
      tensorBytes: texture * texture * 4 * 4,
      source: `WebGL's maximum texture size ${texture}`,
    };
  }
  return { backend: name, source: `no limit known for '${name}'` };
}
