import { describe, expect, it } from 'vitest';
import { CHECKPOINT_MAX_BYTES, checkpointFileProblem, emnistFilesProblem } from './fileLimits';

describe('import size checks', () => {
  it('rejects empty and oversized checkpoints with the reason', () => {
    expect(checkpointFileProblem({ name: 'a.ckpt', size: 0 })).toBe('a.ckpt is empty.');
    expect(checkpointFileProblem({ name: 'b.ckpt', size: CHECKPOINT_MAX_BYTES + 1 })).toMatch(
      /b\.ckpt is 256\.0 MB; checkpoints are at most 256\.0 MB/,
    );
    expect(checkpointFileProblem({ name: 'c.ckpt', size: 20e6 })).toBeUndefined();
  });

  it('accepts the official EMNIST file names only', () => {
    expect(emnistFilesProblem([{ name: 'gzip.zip', size: 535e6 }])).toBeUndefined();
    expect(
      emnistFilesProblem([{ name: 'emnist-byclass-test-images-idx3-ubyte.gz', size: 1e6 }]),
    ).toBeUndefined();
    expect(emnistFilesProblem([{ name: 'photo.png', size: 10 }])).toMatch(/not an EMNIST file/);
    expect(emnistFilesProblem([])).toMatch(/Choose/);
    expect(emnistFilesProblem([{ name: 'big.zip', size: 2e9 }])).toMatch(/at most 700\.0 MB/);
  });
});
