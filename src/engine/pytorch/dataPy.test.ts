import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debianPython, PYTHON } from '../../testing/debianPython';
import { permutation } from '../data/rng';
import { DATA_PY } from './dataPy';

describe.skipIf(!debianPython('torch'))("data.py's port of Inklab's seeded generator", () => {
  it('draws the same permutations as rng.ts, for small, large and negative seeds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inklab-datapy-'));
    writeFileSync(join(dir, 'data.py'), DATA_PY);
    const seeds = [42, 0, 7, 2 ** 40 + 3, -5];
    const script = `import json, sys; sys.path.insert(0, sys.argv[1]); import data; print(json.dumps([data.permutation(1000, s) for s in ${JSON.stringify(seeds)}]))`;
    const python = JSON.parse(execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' }));
    expect(python).toEqual(seeds.map((seed) => [...permutation(1000, seed)]));
  });
});
