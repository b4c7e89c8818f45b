import type { BackendName } from '../engine/backends/backendNames';
import type { HardwareInfo } from '../engine/events';
import type { BackendProbes } from '../workers/backendChoice';

/**
 * Backend probes without tfjs: each backend starts unless `failures` names why not, every start
 * is appended to `started`, and the WebGPU adapter is SwiftShader's software fallback.
 */
export function fakeBackendProbes(
  failures: Partial<Record<BackendName, string>>,
  started: BackendName[] = [],
): BackendProbes {
  return {
    async start(name: BackendName): Promise<HardwareInfo> {
      started.push(name);
      const reason = failures[name];
      if (reason) throw new Error(reason);
      return { backend: name, description: name };
    },
    async describeAdapter() {
      return { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };
    },
  };
}
