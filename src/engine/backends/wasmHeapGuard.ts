import * as tf from '@tensorflow/tfjs';
import { WASM32_ADDRESS_SPACE_BYTES, WASM32_HEAP_MAX_BYTES } from './backendLimits';

/** A tensor the wasm heap cannot hold: too large for wasm32, or the heap cannot grow further. */
export class WasmHeapError extends Error {
  readonly limitBytes = WASM32_HEAP_MAX_BYTES;

  constructor(
    readonly requestedBytes: number,
    readonly shape: readonly number[] | undefined,
    readonly heapBytes: number,
  ) {
    super(
      `The wasm heap cannot hold a tensor of ${requestedBytes} bytes ` +
        `(shape [${shape ?? '?'}]): the heap has grown to ${heapBytes} bytes of the ` +
        `${WASM32_HEAP_MAX_BYTES} a wasm32 heap can reach. Use a smaller --batch_size (or ` +
        '--micro_batch_size), a smaller model, or another backend.',
    );
    this.name = 'WasmHeapError';
  }
}

/** The parts of tfjs-backend-wasm's Emscripten module and backend that the guard wraps. */
interface GuardedModule {
  _malloc(bytes: number): number;
  HEAPU8: Uint8Array;
}
interface MovingBackend {
  wasm?: GuardedModule;
  move(
    dataId: object,
    values: unknown,
    shape: number[],
    dtype: tf.DataType,
    refCount: number,
  ): void;
}

const guarded = new WeakSet<object>();

/**
 * tfjs-backend-wasm takes whatever `_malloc` returns as a tensor's address: 0 when the heap
 * cannot grow, and a block of the size modulo 2^32 for 4 GiB or more (malloc's size_t is 32
 * bits). Kernels then write over the heap's own data structures, and a later call traps with
 * "memory access out of bounds" or "null function or function signature mismatch". This makes
 * both a WasmHeapError before anything is written. Idempotent.
 */
export function guardWasmHeap(kernelBackend: tf.KernelBackend): void {
  const backend = kernelBackend as unknown as MovingBackend;
  const module = backend.wasm;
  if (module === undefined || guarded.has(backend)) return;
  guarded.add(backend);
  let allocating: readonly number[] | undefined;
  let malloc = module._malloc;
  const checkedMalloc = (bytes: number): number => {
    const at = malloc(bytes);
    if (at === 0 && bytes > 0) throw new WasmHeapError(bytes, allocating, module.HEAPU8.length);
    return at;
  };
  // Emscripten's first _malloc call replaces Module._malloc with the raw export; the setter
  // takes that replacement as the function to call, so the checked one stays in place.
  Object.defineProperty(module, '_malloc', {
    configurable: true,
    get: () => checkedMalloc,
    set: (raw: (bytes: number) => number) => {
      malloc = raw;
    },
  });
  const move = backend.move.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    if (dtype !== 'string') {
      const bytes = tf.util.sizeFromShape(shape) * tf.util.bytesPerElement(dtype);
      if (bytes >= WASM32_ADDRESS_SPACE_BYTES) {
        throw new WasmHeapError(bytes, shape, module.HEAPU8.length);
      }
    }
    allocating = shape;
    try {
      move(dataId, values, shape, dtype, refCount);
    } finally {
      allocating = undefined;
    }
  };
}
