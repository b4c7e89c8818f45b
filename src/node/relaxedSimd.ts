import v8 from 'node:v8';

/** The smallest module that uses relaxed SIMD: one function of f32x4.relaxed_madd. */
const PROBE = Uint8Array.from(
  [
    '0061736d 01000000', // magic, version
    '01 08 01 60 03 7b7b7b 01 7b', // types: (v128 v128 v128) -> v128
    '03 02 01 00', // functions: one of type 0
    '0a 0d 01 0b 00 2000 2001 2002 fd8502 0b', // code: local.get 0-2, f32x4.relaxed_madd, end
  ]
    .join('')
    .replace(/ /g, '')
    .match(/../g) ?? [],
  (byte) => Number.parseInt(byte, 16),
);

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
