import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

/** A file with this header object and `dataBytes` zero bytes of data. */
function file(header: unknown, dataBytes: number, claimed?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, claimed ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function refusal(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes, 'w.safetensors');
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

const f32 = (begin: number, end: number, shape: number[]) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

describe('safetensors', () => {
  it('round-trips tensors and metadata, the header padded to 8 bytes', () => {
    const bytes = encodeSafetensors(
      {
        a: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
        b: { shape: [], data: Float32Array.of(-0.5) },
      },
      { note: 'hi' },
    );
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const { tensors, metadata } = decodeSafetensors(bytes, 'x');
    expect(metadata).toEqual({ note: 'hi' });
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    expect([...(tensors.get('a')?.data ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensors.get('b')).toEqual({ shape: [], data: Float32Array.of(-0.5) });
    // A Node Buffer (as readFileSync gives) reads the same.
    expect(decodeSafetensors(Buffer.from(bytes), 'x').tensors).toEqual(tensors);
  });

  it('refuses hostile files, saying what is wrong', () => {
    const start = 'w.safetensors is not a usable safetensors file: ';
    expect(refusal(file({}, 0, 200_000_000n))).toBe(
      `${start}its header claims 200000000 bytes, more than the 100000000 allowed.`,
    );
    expect(refusal(file({}, 0, 4096n))).toMatch(
      /its header claims 4096 bytes, but only \d+ follow/,
    );
    expect(refusal(new Uint8Array(5))).toBe(
      `${start}it has 5 bytes, fewer than the 8 of its header length.`,
    );
    expect(refusal(file({ a: { ...f32(0, 8, [2]), dtype: 'F16' } }, 8))).toBe(
      `${start}tensor a is "F16"; Inklab reads F32 tensors only (save them as float32).`,
    );
    expect(refusal(file({ a: f32(0, 8, [2]), b: f32(4, 12, [2]) }, 12))).toBe(
      `${start}tensor b overlaps the tensor before it.`,
    );
    expect(refusal(file({ a: f32(0, 16, [4]) }, 8))).toBe(
      `${start}tensor a ends at byte 16, past the 8 bytes of data.`,
    );
    expect(refusal(file({ a: f32(0, 8, [3]) }, 8))).toBe(
      `${start}tensor a spans bytes 0 to 8, but shape [3] of F32 needs 12.`,
    );
    expect(refusal(file({ a: f32(8, 16, [2]) }, 16))).toBe(
      `${start}bytes 0 to 8 belong to no tensor.`,
    );
    expect(refusal(file({ a: f32(0, 8, [-2]) }, 8))).toBe(
      `${start}tensor a has shape [-2], not a list of sizes.`,
    );
    expect(refusal(file({ __metadata__: { n: 1 } }, 0))).toBe(
      `${start}__metadata__.n is not a string.`,
    );
    expect(refusal(file([1, 2], 0))).toBe(`${start}its header is not a JSON object.`);
  });
});
