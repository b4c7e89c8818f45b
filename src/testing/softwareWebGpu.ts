/**
 * WebGPU in Node on this machine: Dawn (the npm package `webgpu`) needs the Vulkan loader
 * (Debian's libvulkan1) and a driver, here SwiftShader from Debian's chromium. Where they are
 * missing the tests that need them skip with a visible message; under CI=true that is an error,
 * as CI installs them (.ci/run).
 */
import { existsSync } from 'node:fs';
import { SWIFTSHADER_ICD, VULKAN_LOADER } from '../node/nodeWebGpu';

export function softwareWebGpu(): boolean {
  const missing = [
    [VULKAN_LOADER, 'libvulkan1'],
    [SWIFTSHADER_ICD, 'chromium'],
  ].filter(([path]) => !existsSync(path));
  if (missing.length === 0) return true;
  const what = `${missing.map(([path]) => path).join(' and ')} (apt-get install ${missing.map(([, pkg]) => pkg).join(' ')})`;
  if (process.env.CI === 'true') throw new Error(`CI needs ${what} for WebGPU in Node.`);
  console.warn(`skipping: ${what} missing; the WebGPU-in-Node tests are skipped.`);
  return false;
}
