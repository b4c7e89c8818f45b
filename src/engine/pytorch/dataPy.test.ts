import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debianPython, PYTHON } from '../../testing/debianPython';
import { emnistTestSource } from '../../testing/emnistFixture';
import { TEST_DATASETS_DIR } from '../../testing/sharedDatasets';
import type { EMNISTLinesDataModule } from '../data/emnistLinesDataModule';
import { createDataModule } from '../data/registry';
import { permutation } from '../data/rng';
import type { Split } from '../data/types';
import { DATA_PY } from './dataPy';

const hasTorch = debianPython('torch');
const hasEmnist = hasTorch && (await emnistTestSource()) !== null;

function dataPyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inklab-datapy-'));
  writeFileSync(join(dir, 'data.py'), DATA_PY);
  return dir;
}

describe.skipIf(!hasTorch)("data.py's port of Inklab's seeded generator", () => {
  it('draws the same permutations as rng.ts, for small, large and negative seeds', () => {
    const seeds = [42, 0, 7, 2 ** 40 + 3, -5];
    const script = `import json, sys; sys.path.insert(0, sys.argv[1]); import data; print(json.dumps([data.permutation(1000, s) for s in ${JSON.stringify(seeds)}]))`;
    const python = JSON.parse(
      execFileSync(PYTHON, ['-c', script, dataPyDir()], { encoding: 'utf8' }),
    );
    expect(python).toEqual(seeds.map((seed) => [...permutation(1000, seed)]));
  });
});

const SPLITS: Split[] = ['train', 'val', 'test'];

/** Per split: the text of the first lines and a digest of every line's pixels and tokens. */
function digestLines(data: EMNISTLinesDataModule) {
  return SPLITS.map((split) => {
    const hash = createHash('sha256');
    const texts: string[] = [];
    for (let i = 0; i < data.size(split); i++) {
      const example = data.example(split, i);
      hash.update(example.image);
      hash.update(Uint8Array.from(example.tokens));
      if (i < 3) texts.push(example.text);
    }
    return { texts, sha256: hash.digest('hex') };
  });
}

const PYTHON_DIGEST = `
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import data
out = []
for lines in data.load_lines(sys.argv[2], json.loads(sys.argv[3])):
    h = hashlib.sha256()
    for i in range(len(lines)):
        h.update(lines.render(i).numpy().tobytes())
        h.update(bytes(lines.labels[i].tolist()))
    pad = data.MAPPING.index("<P>")
    texts = ["".join(data.MAPPING[t] for t in lines.labels[i].tolist() if t != pad) for i in range(3)]
    out.append({"texts": texts, "sha256": h.hexdigest()})
print(json.dumps(out))
`;

describe.skipIf(!hasEmnist)("data.py's EMNISTLines", () => {
  for (const glyph_source of ['EMNIST', 'MNIST']) {
    it(`draws the same ${glyph_source} lines as Inklab, pixel for pixel, in every split`, async () => {
      // Strings, as the CLI records typed flags; a non-default seed and overlaps.
      const config = {
        glyph_source,
        num_train: '120',
        num_val: '40',
        num_test: '40',
        min_overlap: '0.1',
        max_overlap: '0.4',
        lines_seed: '7',
      };
      const data = createDataModule(
        'EMNISTLines',
        (await emnistTestSource()) as NonNullable<Awaited<ReturnType<typeof emnistTestSource>>>,
        config,
      ) as EMNISTLinesDataModule;
      await data.setup();
      const inklab = digestLines(data);
      data.dispose();
      const python = JSON.parse(
        execFileSync(
          PYTHON,
          ['-c', PYTHON_DIGEST, dataPyDir(), TEST_DATASETS_DIR, JSON.stringify(config)],
          { encoding: 'utf8', maxBuffer: 1 << 24 },
        ),
      );
      expect(python).toEqual(inklab);
      // Real lines: text, different per split.
      expect(new Set(inklab.map((s) => s.sha256)).size).toBe(3);
      expect(inklab[0].texts[0].length).toBeGreaterThan(0);
    }, 120_000);
  }
});
