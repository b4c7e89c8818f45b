import type * as tf from '@tensorflow/tfjs';

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

/**
 * Zero pixels kept after the last image: a tap reads up to filterWidth-1 pixels past an image's
 * last output row, and rounding the rows up to the product's 4-row tiles 3 more.
 */
export function paddedSpare(filterWidth: number): number {
  return filterWidth + 2;
}

/**
 * A convolution's input padded as its forward pass reads it (stride 1): row width and height
 * such that output (i, j) reads padded pixel (i + fh, j + fw).
 */
export function paddedInputLayout(info: tf.backend_util.Conv2DInfo): PaddedLayout {
  return {
    height: info.outHeight + info.filterHeight - 1,
    width: info.outWidth + info.filterWidth - 1,
    top: info.padInfo.top,
    left: info.padInfo.left,
    spare: paddedSpare(info.filterWidth),
  };
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
