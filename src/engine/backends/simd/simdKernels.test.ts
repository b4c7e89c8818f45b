import { describe, expect, it } from 'vitest';
import { instantiateSimdKernels, type SimdKernels } from './simdKernels';

/** A memory of its own with a bump allocator: the kernels' pointers are byte offsets into it. */
function heap() {
  const memory = new WebAssembly.Memory({ initial: 16 });
  let next = 0;
  const floats = (values: number[] | number) => {
    const n = typeof values === 'number' ? values : values.length;
    const view = new Float32Array(memory.buffer, next, n);
    if (typeof values !== 'number') view.set(values);
    next += 4 * n + 16;
    return view;
  };
  return { memory, floats };
}

const random = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => Math.sin((i + 1) * 12.9898 + seed) * 2);

function expectNear(actual: Float32Array, expected: number[]): void {
  const scale = Math.max(...expected.map(Math.abs));
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    expect(Math.abs(v - (expected[i] ?? 0))).toBeLessThanOrEqual(1e-5 * scale);
  });
}

describe.each([
  ['fused multiply-add', true],
  ['plain', false],
] as const)('the SIMD kernels, %s build', (_, fused) => {
  const make = (memory: WebAssembly.Memory): SimdKernels => {
    const kernels = instantiateSimdKernels(memory, { fused });
    if (kernels === null) throw new Error('this runtime cannot run the SIMD kernels');
    return kernels;
  };

  it('is the build this runtime runs', () => {
    expect(make(heap().memory).fused).toBe(fused);
  });

  it('atb adds aᵀ·b to out, in chunks of rows', () => {
    const [rows, m, n] = [37, 8, 16];
    const { memory, floats } = heap();
    const a = random(rows * m, 1);
    const b = random(rows * n, 2);
    const start = random(m * n, 3);
    const [aView, bView, out] = [floats(a), floats(b), floats(start)];
    make(memory).atb(aView.byteOffset, bView.byteOffset, out.byteOffset, rows, m, n, 10);
    const expected = start.map((v, k) => {
      const [i, j] = [Math.floor(k / n), k % n];
      let sum = v;
      for (let p = 0; p < rows; p++) sum += (a[p * m + i] ?? 0) * (b[p * n + j] ?? 0);
      return sum;
    });
    expectNear(out, expected);
  });

  it('ab adds a·b to out, reading a with a row stride', () => {
    const [rows, depth, n, stride] = [12, 5, 8, 7];
    const { memory, floats } = heap();
    const a = random(rows * stride, 4);
    const b = random(depth * n, 5);
    const [aView, bView, out] = [floats(a), floats(b), floats(rows * n)];
    make(memory).ab(aView.byteOffset, stride, bView.byteOffset, out.byteOffset, rows, depth, n);
    const expected = Array.from({ length: rows * n }, (_, k) => {
      const [p, j] = [Math.floor(k / n), k % n];
      let sum = 0;
      for (let d = 0; d < depth; d++) sum += (a[p * stride + d] ?? 0) * (b[d * n + j] ?? 0);
      return sum;
    });
    expectNear(out, expected);
  });

  it('sumRows sums the rows of a matrix', () => {
    const [rows, n] = [9, 32];
    const { memory, floats } = heap();
    const b = random(rows * n, 6);
    const [bView, out] = [floats(b), floats(n)];
    make(memory).sumRows(bView.byteOffset, out.byteOffset, rows, n);
    const expected = Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let p = 0; p < rows; p++) sum += b[p * n + j] ?? 0;
      return sum;
    });
    expectNear(out, expected);
  });
});
