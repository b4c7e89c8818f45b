import * as tf from '@tensorflow/tfjs';
import { wrapWasmBatchMatMul } from './wasmBatchMatMul';
import { wrapWasmConv2D } from './wasmConv2D';
import { wasmConv2DBackpropFilterConfig } from './wasmConv2dBackpropFilter';
import { wrapWasmConv2DBackpropInput } from './wasmConv2dBackpropInput';
import { wrapWasmIdentity } from './wasmIdentity';
import { wrapWasmMaxPoolGrad } from './wasmMaxPoolGrad';
import { wrapWasmSum } from './wasmSum';

/**
 * Makes wasm fit for training: adds the Conv2DBackpropFilter it lacks (unless a later tfjs
 * release or another module has registered one) and replaces the shipped kernels that the
 * profile of a training step showed to be slow. Idempotent.
 */
export function registerWasmTrainingKernels(): void {
  const existing: tf.KernelConfig | undefined = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  if (existing === undefined) tf.registerKernel(wasmConv2DBackpropFilterConfig);
  wrapWasmBatchMatMul();
  wrapWasmConv2D();
  wrapWasmIdentity();
  wrapWasmConv2DBackpropInput();
  wrapWasmMaxPoolGrad();
  wrapWasmSum();
}
