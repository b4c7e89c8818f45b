import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileSimdKernels, SIMD_KERNELS_TS, simdKernelsModuleText } from './simdKernelsCompile';

describe('simdKernelsWasm.ts', () => {
  it('is what simdKernels.wat compiles to (run `npm run build:simd` after editing the .wat)', async () => {
    const binaries = await compileSimdKernels();
    expect(WebAssembly.validate(binaries.shared)).toBe(true);
    expect(WebAssembly.validate(binaries.unshared)).toBe(true);
    expect(await readFile(SIMD_KERNELS_TS, 'utf8')).toBe(simdKernelsModuleText(binaries));
  });
});
