// Pure (no DOM): the Playground hands it the pad's pixels; tests run it in Node.

/** The side of the model's input and of the box the ink is scaled into, as MNIST was built. */
export const MODEL_SIDE = 28;
export const INK_BOX = 20;
/** Anti-aliased stroke edges below this intensity do not count as ink for the bounding box. */
const INK_THRESHOLD = 0.05;

export interface GrayImage {
  /** Ink intensity, row-major: floats in [0, 1] or bytes in [0, 255], ink high. */
  pixels: Float32Array | Uint8ClampedArray;
  width: number;
  height: number;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A drawing as the model's 28x28 input, prepared like MNIST's digits: cropped to the ink,
 * scaled to fit 20x20 preserving the aspect ratio (area averaging), placed in 28x28 so its
 * centre of mass is the centre. Returns 784 floats in [0, 1] with ink 1, or null for an empty pad.
 */
export function preprocessDrawing(image: GrayImage): Float32Array | null {
  const ink = toUnit(image);
  const box = inkBox(ink, image.width, image.height);
  if (!box) return null;
  const scale = INK_BOX / Math.max(box.width, box.height);
  const width = Math.max(1, Math.round(box.width * scale));
  const height = Math.max(1, Math.round(box.height * scale));
  const scaled = areaResample(ink, image.width, box, width, height);
  return centreByMass(scaled, width, height);
}

function toUnit({ pixels }: GrayImage): Float32Array {
  if (pixels instanceof Float32Array) return pixels;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return out;
}

function inkBox(ink: Float32Array, width: number, height: number): Box | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] <= INK_THRESHOLD) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return null;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Each output pixel is the mean of the source area it covers, with fractional coverage at the
 * edges: smooth when shrinking a big drawing, and exact for integer factors.
 */
function areaResample(
  ink: Float32Array,
  stride: number,
  box: Box,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const out = new Float32Array(outWidth * outHeight);
  const sx = box.width / outWidth;
  const sy = box.height / outHeight;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        const row = (box.top + y) * stride + box.left;
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += ink[row + x] * wx * wy;
        }
      }
      out[oy * outWidth + ox] = sum / (sx * sy);
    }
  }
  return out;
}

/** Places the scaled ink in 28x28 with its centre of mass at the centre, kept fully inside. */
function centreByMass(scaled: Float32Array, width: number, height: number): Float32Array {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = scaled[y * width + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const half = MODEL_SIDE / 2;
  const clampOffset = (centre: number, size: number) =>
    Math.min(MODEL_SIDE - size, Math.max(0, Math.round(half - centre)));
  const dx = clampOffset(mx / mass, width);
  const dy = clampOffset(my / mass, height);
  const out = new Float32Array(MODEL_SIDE * MODEL_SIDE);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out[(y + dy) * MODEL_SIDE + x + dx] = Math.min(1, Math.max(0, scaled[y * width + x]));
    }
  }
  return out;
}
