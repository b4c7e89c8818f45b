import * as tf from '@tensorflow/tfjs';

export const WASM = 'wasm';

/** A shipped wasm kernel, looked up through the public registry; composed kernels call these. */
export function wasmKernel(kernelName: string, forKernel: string): tf.KernelFunc {
  // getKernel's declared return type hides that it yields undefined for a missing kernel.
  const config: tf.KernelConfig | undefined = tf.getKernel(kernelName, WASM);
  if (config === undefined) {
    throw new Error(
      `${forKernel} on wasm needs the wasm '${kernelName}' kernel, which is not registered`,
    );
  }
  return config.kernelFunc;
}

/** The composed kernels return a single tensor; the KernelFunc type also allows an array. */
export function single(result: tf.TensorInfo | tf.TensorInfo[], forKernel: string): tf.TensorInfo {
  if (Array.isArray(result)) {
    throw new Error(`${forKernel} on wasm: a composed kernel returned several outputs`);
  }
  return result;
}

/**
 * Replaces a shipped wasm kernel with `make(original)`, keeping the original's setup. Marked so
 * a second call (another initBackend) does not wrap twice.
 */
export function overrideWasmKernel(
  kernelName: string,
  make: (original: tf.KernelFunc) => tf.KernelFunc,
): void {
  const original: tf.KernelConfig | undefined = tf.getKernel(kernelName, WASM);
  if (original === undefined || (original.kernelFunc as { inklab?: boolean }).inklab) return;
  const kernelFunc = Object.assign(make(original.kernelFunc), { inklab: true });
  tf.unregisterKernel(kernelName, WASM);
  tf.registerKernel({ ...original, kernelFunc });
}

/** The wasm backend's own methods that JS kernels use to read and write its heap. */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): tf.backend_util.TypedArray;
}
