import type * as tf from '@tensorflow/tfjs';
import { overrideWasmKernel } from './wasmKernelUtil';

/**
 * tfjs-backend-wasm's Identity copies its input (2-3 ms per conv activation at batch 128, six
 * times per step of the lab CNN: tfjs-layers clones between ops). Tensors are immutable and the
 * backend counts references, so the output can share the input's buffer, as on cpu and webgl.
 */
export function wrapWasmIdentity(): void {
  overrideWasmKernel('Identity', (original) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    (args.backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
