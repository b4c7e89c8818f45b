/**
 * Debian's Python (`/usr/bin/python3`: the python3 on PATH may be another) with the modules a
 * test needs: PyTorch (`python3-torch`), ONNX (`python3-onnx`), PyYAML (`python3-yaml`). Where
 * they are missing the tests that need them skip with a visible message; under CI=true that is
 * an error, as CI installs them (.ci/run).
 */
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

const PACKAGES: Record<string, string> = {
  torch: 'python3-torch',
  onnx: 'python3-onnx',
  yaml: 'python3-yaml',
};

/** Whether PYTHON imports every one of `modules`; warns (or, in CI, throws) when not. */
export function debianPython(...modules: (keyof typeof PACKAGES)[]): boolean {
  try {
    execFileSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    return true;
  } catch {
    const missing = `${PYTHON} cannot import ${modules.join(', ')} (apt-get install ${modules.map((m) => PACKAGES[m]).join(' ')})`;
    if (process.env.CI === 'true') throw new Error(`CI needs ${missing}.`);
    console.warn(`skipping: ${missing}; the tests that need it are skipped.`);
    return false;
  }
}

/** What a PyTorch export's model.load gives on `count` random 28x28 images. */
export function scorePytorchExport(
  folder: string,
  count: number,
): { classes: number; shape: number[]; sum: number } {
  const script = `import json, sys, torch
sys.path.insert(0, sys.argv[1])
import model
net, mapping = model.load(sys.argv[1])
p = net(torch.rand(${count}, 1, 28, 28))
print(json.dumps({"classes": len(mapping), "shape": list(p.shape), "sum": round(float(p.sum()), 4)}))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, folder], { encoding: 'utf8' }));
}

/** ONNX's checker with shape inference on a model file; throws with its message when it fails. */
export function checkOnnxModel(path: string): void {
  execFileSync(PYTHON, [
    '-c',
    'import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)',
    path,
  ]);
}
