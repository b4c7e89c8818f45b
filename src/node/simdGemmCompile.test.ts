import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileSimdGemm, SIMD_GEMM_TS, simdGemmModuleText } from './simdGemmCompile';

describe('simdGemmWasm.ts', () => {
  it('is what simdGemm.wat compiles to (run `npm run build:simd` after editing the .wat)', async () => {
    const binaries = await compileSimdGemm();
    expect(WebAssembly.validate(binaries.shared)).toBe(true);
    expect(WebAssembly.validate(binaries.unshared)).toBe(true);
    expect(await readFile(SIMD_GEMM_TS, 'utf8')).toBe(simdGemmModuleText(binaries));
  });
});
