/** Compiles src/engine/backends/simd/simdKernels.wat into simdKernelsWasm.ts (`npm run build:simd`). */
import { writeFile } from 'node:fs/promises';
import {
  compileSimdKernels,
  SIMD_KERNELS_TS,
  simdKernelsModuleText,
} from '../node/simdKernelsCompile';

try {
  await writeFile(SIMD_KERNELS_TS, simdKernelsModuleText(await compileSimdKernels()));
  process.stdout.write(`Wrote ${SIMD_KERNELS_TS}\n`);
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
