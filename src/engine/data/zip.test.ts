import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetRefusal } from '../../testing/datasetRefusal';
import { DecompressionLimitError } from './datasetFileError';
import { extractZipEntry, listZip } from './zip';

const text = new TextEncoder().encode('EMNIST '.repeat(300));
const zip = zipSync({ 'gzip/a.txt': text, 'gzip/b.bin': [new Uint8Array(40), { level: 0 }] });

/** Offset of the central directory entry of `name` (its signature). */
function centralOffset(bytes: Uint8Array, name: string): number {
  const entry = listZip(bytes, 'z').find((e) => e.name === name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 46 < bytes.length; at++) {
    if (
      view.getUint32(at, true) === 0x02014b50 &&
      view.getUint32(at + 42, true) === entry?.localHeaderOffset
    )
      return at;
  }
  throw new Error(`no central entry for ${name}`);
}

function extract(bytes: Uint8Array, name: string, maxBytes = 1e6): Uint8Array {
  const entry = listZip(bytes, 'z.zip').find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not listed`);
  return extractZipEntry(bytes, 'z.zip', entry, maxBytes);
}

describe('zip', () => {
  it('lists entries and extracts deflated and stored ones', () => {
    expect(listZip(zip, 'z.zip').map((e) => [e.name, e.method])).toEqual([
      ['gzip/a.txt', 8],
      ['gzip/b.bin', 0],
    ]);
    expect(extract(zip, 'gzip/a.txt')).toEqual(text);
    expect(extract(zip, 'gzip/b.bin')).toEqual(new Uint8Array(40));
  });

  it("refuses an entry whose CRC-32 or size differs from the central directory's", () => {
    for (const [name, field, at] of [
      ['gzip/a.txt', 'CRC32', 16],
      ['gzip/b.bin', 'CRC32', 16],
      ['gzip/b.bin', 'size', 24],
    ] as const) {
      const bad = zip.slice();
      bad[centralOffset(bad, name) + at] ^= 0x01;
      expect(datasetRefusal(() => extract(bad, name)).field).toBe(`${name} ${field}`);
    }
  });

  it('refuses a stored entry whose data was damaged', () => {
    const bad = zip.slice();
    const entry = listZip(bad, 'z').find((e) => e.name === 'gzip/b.bin');
    bad[(entry?.localHeaderOffset ?? 0) + 30 + 'gzip/b.bin'.length + 5] = 7;
    expect(datasetRefusal(() => extract(bad, 'gzip/b.bin')).field).toBe('gzip/b.bin CRC32');
  });

  it('refuses a cut-short or foreign file', () => {
    for (const length of [0, 10, zip.length - 30, zip.length - 1]) {
      datasetRefusal(() => listZip(zip.subarray(0, length), 'cut.zip'));
    }
  });

  it('stops a zip bomb at the limit, allocating little', () => {
    const bomb = zipSync({ 'gzip/emnist-byclass-test-labels-idx1-ubyte.gz': new Uint8Array(20e6) });
    const [entry] = listZip(bomb, 'bomb.zip');
    const before = process.memoryUsage().arrayBuffers;
    // A honest directory: the entry declares its 20 MB, more than the 1 MB allowed.
    const declared = datasetRefusal(() => extractZipEntry(bomb, 'bomb.zip', entry, 1e6));
    expect(declared).toBeInstanceOf(DecompressionLimitError);
    // A lying directory: it declares 1 kB, so inflating stops just after 1 kB.
    const lying = datasetRefusal(() =>
      extractZipEntry(bomb, 'bomb.zip', { ...entry, size: 1000 }, 1e6),
    );
    expect(lying).toBeInstanceOf(DecompressionLimitError);
    expect((lying as DecompressionLimitError).limitBytes).toBe(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8e6);
  });
});
