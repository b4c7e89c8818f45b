import type * as tf from '@tensorflow/tfjs';
import { overrideWasmKernel, single, wasmKernel } from './wasmKernelUtil';

const KERNEL_NAME = 'BatchMatMul';

/**
 * tfjs-backend-wasm's BatchMatMul is 15-50x slower with transposeA/transposeB than without
 * (measured here: x^T@dy 475 ms against 31 ms for transpose + matmul), and the gradients of every
 * dense layer ask for exactly those. Transpose explicitly with the wasm Transpose kernel, then
 * multiply untransposed.
 */
export function wrapWasmBatchMatMul(): void {
  overrideWasmKernel(KERNEL_NAME, (original) => (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original(args);
    const transpose = wasmKernel('Transpose', KERNEL_NAME);
    const swapLast = (t: tf.TensorInfo) => {
      const perm = t.shape.map((_, i) => i);
      const n = perm.length;
      [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
      return single(transpose({ inputs: { x: t }, backend, attrs: { perm } }), KERNEL_NAME);
    };
    const a = transposeA ? swapLast(inputs.a as tf.TensorInfo) : (inputs.a as tf.TensorInfo);
    const b = transposeB ? swapLast(inputs.b as tf.TensorInfo) : (inputs.b as tf.TensorInfo);
    try {
      return original({
        inputs: { a, b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      const kernelBackend = backend as tf.KernelBackend;
      if (transposeA) kernelBackend.disposeData(a.dataId);
      if (transposeB) kernelBackend.disposeData(b.dataId);
    }
  });
}
