import { describe, expect, it } from 'vitest';
import { type CliRun, lastJson, runExperimentCli } from '../testing/runCli';
import { softwareWebGpu } from '../testing/softwareWebGpu';

const tiny = [
  '--model_class=CNN',
  '--conv_dim=4',
  '--fc_dim=16',
  '--batch_size=32',
  '--max_epochs=1',
  '--limit_train_batches=3',
  '--limit_val_batches=1',
  '--limit_test_batches=1',
  '--json',
];

function expectOk(run: CliRun): void {
  expect(run.code, run.stderr).toBe(0);
}

describe.skipIf(!softwareWebGpu())('--backend webgpu in Node (Dawn on SwiftShader)', () => {
  it("trains with the page's WebGPU backend and reaches the wasm backend's losses", async () => {
    const webgpu = await runExperimentCli([...tiny, '--backend=webgpu']);
    expectOk(webgpu);
    expect(webgpu.stdout).toContain(
      'Hardware: TensorFlow.js webgpu (Dawn), google swiftshader SwiftShader driver',
    );
    expect(webgpu.stdout).toContain('(software adapter, no GPU found)');
    const wasm = await runExperimentCli([...tiny, '--backend=wasm']);
    expectOk(wasm);
    const [a, b] = [lastJson(webgpu), lastJson(wasm)];
    // Measured here: the same losses to the last bit; float32 sums in another order may differ.
    for (const key of ['validation/loss', 'test/loss']) {
      expect(
        Math.abs((a[key] as number) - (b[key] as number)) / (b[key] as number),
        key,
      ).toBeLessThan(1e-5);
    }
  }, 300_000);

  it('says what to install when Dawn finds no adapter', async () => {
    const run = await runExperimentCli([...tiny, '--backend=webgpu'], 120_000, {
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "Backend 'webgpu' failed: Dawn found no WebGPU adapter. Install the Vulkan loader (Debian: apt install libvulkan1)",
    );
  }, 120_000);
});
