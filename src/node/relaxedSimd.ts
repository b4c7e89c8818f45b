import v8 from 'node:v8';

/** The smallest module that uses relaxed SIMD: one function of f32x4.relaxed_madd. */
const PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x08,
  0x01,
  0x60,
  0x03,
  0x7b,
  0x7b,
  0x7b,
  0x01,
  0x7b, // type: (v128 v128 v128) -> v128
  0x03,
  0x02,
  0x01,
  0x00, // function 0 has type 0
  0x0a,
  0x0d,
  0x01,
  0x0b,
  0x00, // code: one 11-byte body, no locals
  0x20,
  0x00,
  0x20,
  0x01,
  0x20,
  0x02, // local.get 0, 1, 2
  0xfd,
  0x85,
  0x02, // f32x4.relaxed_madd
  0x0b, // end
]);

/**
 * Lets wasm modules use relaxed SIMD, whose fused multiply-add the SIMD kernels' products use
 * (simdKernels.ts picks that build where the runtime accepts it). Node 22 has it on; Node 20
 * has it behind a V8 flag, which is set here if the probe module does not validate. Browsers
 * (Chrome 114+) have it on.
 */
export function allowRelaxedSimd(): boolean {
  if (!WebAssembly.validate(PROBE)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(PROBE);
}
