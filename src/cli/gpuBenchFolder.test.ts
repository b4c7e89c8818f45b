import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildGpuBench, MAX_FOLDER_BYTES } from '../../bench/gpu/buildGpuBench';
import { debianPython, PYTHON } from '../testing/debianPython';
import { emnistTestSource } from '../testing/emnistFixture';
import { softwareWebGpu } from '../testing/softwareWebGpu';

const ready = softwareWebGpu() && debianPython('torch') && (await emnistTestSource()) !== null;

describe.skipIf(!ready)('the carried GPU bench (npm run bench:gpu)', () => {
  it('builds a folder of at most 64 MiB whose run.sh trains on WebGPU and in PyTorch and writes the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inklab-gpu-bench-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'gpu-bench');
    const source = (await emnistTestSource()) as NonNullable<
      Awaited<ReturnType<typeof emnistTestSource>>
    >;
    const bytes = await buildGpuBench(out, source.rootDir);
    // Measured here: 50.0 MiB, most of it the gzipped Node binary.
    expect(bytes).toBeLessThanOrEqual(MAX_FOLDER_BYTES);
    for (const file of [
      'run.sh',
      'gpu-bench.mjs',
      'node.gz',
      'lib/libvulkan.so.1',
      'data/manifest.json',
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
    // A small CNN: SwiftShader takes seconds per step of the lab's.
    const { VK_ICD_FILENAMES: _, ...env } = process.env;
    await promisify(execFile)(
      join(out, 'run.sh'),
      ['--batches=1,4', '--steps=2', '--rounds=2', '--conv_dim=4', '--fc_dim=8'],
      { env: { ...env, PYTHON }, timeout: 480_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.adapter).toContain('SwiftShader');
    expect(result.model).toEqual({ conv_dim: 4, fc_dim: 8 });
    expect(Object.keys(result.batches)).toEqual(['1', '4']);
    for (const batch of Object.values(result.batches) as Record<string, unknown>[]) {
      const [webgpu, pytorch] = [
        batch.webgpu_samples_per_s,
        batch.pytorch_samples_per_s,
      ] as number[];
      expect(webgpu).toBeGreaterThan(0);
      expect(pytorch).toBeGreaterThan(0);
      expect(batch.webgpu_vs_pytorch_ratio).toBeCloseTo(webgpu / pytorch, 10);
      expect(batch.webgpu_rounds_samples_per_s).toHaveLength(2);
      // Measured here: about 190 dispatches and 15 submits per training step.
      expect(batch.dispatches_per_step).toBeGreaterThan(100);
      expect(batch.submits_per_step).toBeGreaterThan(5);
      expect(Object.keys(batch.kernel_ms_per_step as object)).toEqual(
        expect.arrayContaining(['Conv2DDerFilterProgram2', 'Conv2DMMProgram2']),
      );
    }
  }, 600_000);
});
