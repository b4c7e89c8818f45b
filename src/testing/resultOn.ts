import * as tf from '@tensorflow/tfjs';

/** Makes `backend` current, runs `f` and reads its result back (for comparing backends). */
export async function resultOn(backend: 'wasm' | 'cpu', f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}
