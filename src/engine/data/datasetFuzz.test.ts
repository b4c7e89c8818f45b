/**
 * Seeded fuzzing of the dataset readers: thousands of damaged and hostile IDX, gzip and zip
 * files (bit flips, overwritten and cut bytes, size fields changed, bombs). Each must end in a
 * correct parse or a DatasetFileError naming the file and field, never another exception, and
 * no case may allocate far beyond the limits.
 */
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetFileError } from './datasetFileError';
import { encodeIdx, type IdxArray, idxImageDims, parseIdx } from './idx';
import { createRng, type Rng } from './rng';
import { extractZipEntry, listZip } from './zip';

const ACCEPTED = idxImageDims(10, 4, 4);
const ENTRY_MAX_BYTES = 64 * 1024;
const CASES_PER_KIND = 1000;
/** Per case; a bomb that got past its limit would take its 20 MB. */
const MEMORY_BOUND_BYTES = 16e6;

const idx = encodeIdx(
  [6, 4, 4],
  Uint8Array.from({ length: 96 }, (_, i) => (i * 29) % 256),
);
const gz = gzipSync(idx, { filename: 'images-idx3-ubyte' });
/** A header declaring 10 images of 4x4 followed by 20 MB: stops at the 176 bytes it justifies. */
const gzBomb = (() => {
  const raw = new Uint8Array(20e6);
  raw.set(encodeIdx([10, 4, 4], new Uint8Array(160)));
  return gzipSync(raw);
})();
const zip = zipSync({ 'gzip/a.gz': [gz, { level: 0 }], 'gzip/raw': idx, 'gzip/': {} });
const zipBomb = zipSync({ 'gzip/a.gz': gz, 'gzip/zeros': new Uint8Array(20e6) });

function mutate(base: Uint8Array, rng: Rng): Uint8Array {
  const bytes = base.slice();
  const at = () => rng.nextInt(bytes.length);
  switch (rng.nextInt(6)) {
    case 0: // a few bit flips
      for (let k = 1 + rng.nextInt(4); k > 0; k--)
        bytes[at() % bytes.length] ^= 1 << rng.nextInt(8);
      return bytes;
    case 1: // overwritten bytes
      for (let k = 1 + rng.nextInt(8); k > 0; k--) bytes[at()] = rng.nextInt(256);
      return bytes;
    case 2: // cut short
      return bytes.subarray(0, rng.nextInt(bytes.length));
    case 3: {
      // appended bytes
      const longer = new Uint8Array(bytes.length + 1 + rng.nextInt(64));
      longer.set(bytes);
      for (let i = bytes.length; i < longer.length; i++) longer[i] = rng.nextInt(256);
      return longer;
    }
    default: {
      // a 32-bit size or offset field set to an extreme or random value, at a 2-byte boundary
      const pos = Math.min(at() & ~1, bytes.length - 4);
      const value = [0, 1, 0xffff, 0x7fffffff, 0xffffffff, rng.nextInt(2 ** 32)][rng.nextInt(6)];
      new DataView(bytes.buffer).setUint32(Math.max(pos, 0), value, rng.nextInt(2) === 0);
      return bytes;
    }
  }
}

function checkParsed(parsed: IdxArray): void {
  expect(parsed.dims).toHaveLength(3);
  parsed.dims.forEach((d, i) => {
    expect(d).toBeGreaterThanOrEqual(1);
    expect(d).toBeLessThanOrEqual(ACCEPTED[i].max);
  });
  expect(parsed.data.length).toBe(parsed.dims.reduce((a, b) => a * b, 1));
}

function readZipped(bytes: Uint8Array): void {
  for (const entry of listZip(bytes, 'fuzz.zip')) {
    if (entry.name.endsWith('/')) continue;
    const data = extractZipEntry(bytes, 'fuzz.zip', entry, ENTRY_MAX_BYTES);
    checkParsed(parseIdx(data, `fuzz.zip: ${entry.name}`, ACCEPTED));
  }
}

/** Runs `read`; returns 'parsed' or 'refused', failing the test on any other outcome. */
function outcome(read: () => void): 'parsed' | 'refused' {
  const before = process.memoryUsage().arrayBuffers;
  try {
    read();
    return 'parsed';
  } catch (error) {
    if (!(error instanceof DatasetFileError)) throw error;
    expect(error.file).not.toBe('');
    expect(error.field).not.toBe('');
    expect(error.message).toContain(error.file);
    return 'refused';
  } finally {
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MEMORY_BOUND_BYTES);
  }
}

describe('dataset readers under fuzzing', () => {
  const kinds: [string, Uint8Array[], (bytes: Uint8Array) => void][] = [
    ['raw IDX', [idx], (b) => checkParsed(parseIdx(b, 'fuzz-idx3-ubyte', ACCEPTED))],
    ['gzip', [gz, gzBomb], (b) => checkParsed(parseIdx(b, 'fuzz-idx3-ubyte.gz', ACCEPTED))],
    ['zip', [zip, zipBomb], readZipped],
  ];

  it.each(kinds)(
    '%s: every mutation parses correctly or is refused with a DatasetFileError',
    (kind, bases, read) => {
      const rng = createRng(kind.length * 7919);
      const counts = { parsed: 0, refused: 0 };
      for (const base of bases)
        expect(outcome(() => read(base))).toBe(
          base === gzBomb || base === zipBomb ? 'refused' : 'parsed',
        );
      for (let i = 0; i < CASES_PER_KIND; i++) {
        // Bombs are slower to refuse; one case in ten is enough to fuzz their limits.
        const base = bases[i % 10 === 9 ? bases.length - 1 : 0];
        counts[outcome(() => read(mutate(base, rng)))]++;
      }
      // Both outcomes occur, so the mutations neither all miss nor all break the format.
      expect(counts.parsed).toBeGreaterThan(0);
      expect(counts.refused).toBeGreaterThan(CASES_PER_KIND / 2);
    },
  );
});
