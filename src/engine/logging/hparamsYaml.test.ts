import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { debianPython, PYTHON } from '../../testing/debianPython';
import { hparamsYaml } from './lightningLogger';

/** What PyYAML's safe_load, as Lightning's load_hparams_from_yaml uses it, makes of `text`. */
function pyYaml(text: string): unknown {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: text, encoding: 'utf8' }));
}

describe('hparamsYaml', () => {
  // Values YAML 1.1 (PyYAML) and YAML 1.2 (the yaml package's default) read differently.
  const flags = {
    lr: 1e-7,
    weight_decay: -2.5e-8,
    tiny: 5e-324,
    huge: 1.5e300,
    conv_dim: 64,
    dropout: 0.5,
    backend: 'wasm',
    yes_text: 'yes',
    on_text: 'on',
    true_text: 'true',
    null_text: 'null',
    octal_text: '012',
    exponent_text: '1e-3',
    empty: '',
    colon: 'a: b',
    lines: 'x\ny',
    json: true,
  };

  it.skipIf(!debianPython('yaml'))(
    'is read back by PyYAML and by the yaml package as the same flags',
    () => {
      const text = hparamsYaml(flags);
      expect(pyYaml(text)).toEqual(flags);
      expect(parse(text)).toEqual(flags);
      expect(parse(text, { version: '1.1' })).toEqual(flags);
    },
  );

  it('writes exponent floats as PyYAML does, with a dot and a signed exponent', () => {
    expect(hparamsYaml({ lr: 1e-7, big: 1e21 })).toBe('lr: 1.0e-7\nbig: 1.0e+21\n');
  });
});
