/** Compiles src/engine/backends/simd/simdGemm.wat into simdGemmWasm.ts (`npm run build:simd`). */
import { writeFile } from 'node:fs/promises';
import { compileSimdGemm, SIMD_GEMM_TS, simdGemmModuleText } from '../node/simdGemmCompile';

try {
  await writeFile(SIMD_GEMM_TS, simdGemmModuleText(await compileSimdGemm()));
  process.stdout.write(`Wrote ${SIMD_GEMM_TS}\n`);
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
