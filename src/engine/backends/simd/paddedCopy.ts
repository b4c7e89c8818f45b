/**
 * Where a zero-padded copy of an NHWC tensor puts each image: `height` x `width` pixels with the
 * source image at (top, left), then `spare` zero pixels after the last image, which the SIMD
 * products may read past the end (they multiply them by zeros or drop the results).
 */
export interface PaddedLayout {
  height: number;
  width: number;
  top: number;
  left: number;
  spare: number;
}

/** Floats a padded copy of `batch` images of `channels` channels takes. */
export function paddedFloats(batch: number, channels: number, layout: PaddedLayout): number {
  return (batch * layout.height * layout.width + layout.spare) * channels;
}

/** Writes the padded copy of src ([batch, h, w, channels]) into dst, zeros included. */
export function fillPadded(
  dst: Float32Array,
  src: Float32Array,
  [batch, h, w, channels]: readonly number[],
  layout: PaddedLayout,
): void {
  dst.fill(0);
  const row = w * channels;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < h; y++) {
      const from = (b * h + y) * row;
      const to = ((b * layout.height + y + layout.top) * layout.width + layout.left) * channels;
      dst.set(src.subarray(from, from + row), to);
    }
  }
}
