/**
 * Training-time augmentation of character images, as torchvision's RandomAffine (rotation,
 * shear, scale, translation about the centre) plus stroke-width jitter (halfway to a 3x3
 * dilation or erosion). Parameters are drawn on the host from a seeded generator, so a seed gives the same
 * images on every backend; the pixels are transformed on the device the batch lives on.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from './rng';
import type { Batch } from './types';

export interface AugmentOptions {
  /** Rotation drawn from U(-rotation, rotation), in degrees. */
  rotation: number;
  /** Shear along x drawn from U(-shear, shear), in degrees. */
  shear: number;
  /** Scale drawn from U(1 - scale, 1 + scale). */
  scale: number;
  /** Shift along each axis drawn from U(-translate, translate), a fraction of the image side. */
  translate: number;
  /** Chance of thicker strokes, and the same chance of thinner ones. */
  stroke: number;
}

/** One image's draw: the affine parameters and the stroke change (-1 thinner, 1 thicker). */
export interface AugmentParams {
  angle: number;
  shear: number;
  scale: number;
  tx: number;
  ty: number;
  stroke: -1 | 0 | 1;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;
const STROKE_MIX = 0.5;

/** Draws the parameters of `n` images, in order, from one seeded stream. */
export function drawAugmentations(
  n: number,
  side: number,
  options: AugmentOptions,
  seed: number,
): AugmentParams[] {
  const rng = createRng(seed);
  const uniform = (half: number) => half * (2 * rng.next() - 1);
  return Array.from({ length: n }, () => {
    const angle = uniform(options.rotation);
    const shear = uniform(options.shear);
    const scale = 1 + uniform(options.scale);
    const tx = uniform(options.translate) * side;
    const ty = uniform(options.translate) * side;
    const u = rng.next();
    const stroke = u < options.stroke ? 1 : u < 2 * options.stroke ? -1 : 0;
    return { angle, shear, scale, tx, ty, stroke };
  });
}

/**
 * tf.image.transform's 8 numbers for one draw: they map each output pixel to the input point
 * it samples, i.e. the inverse of "scale, shear, rotate about the centre, then shift".
 */
export function inverseAffine(p: AugmentParams, height: number, width: number): number[] {
  const [cos, sin, tan] = [
    Math.cos(radians(p.angle)),
    Math.sin(radians(p.angle)),
    Math.tan(radians(p.shear)),
  ];
  // Forward A = scale * R(angle) * [[1, tan], [0, 1]].
  const [a, b, c, d] = [
    p.scale * cos,
    p.scale * (cos * tan - sin),
    p.scale * sin,
    p.scale * (sin * tan + cos),
  ];
  const det = a * d - b * c;
  const [m00, m01, m10, m11] = [d / det, -b / det, -c / det, a / det];
  const [cx, cy] = [(width - 1) / 2, (height - 1) / 2];
  const [ox, oy] = [cx + p.tx, cy + p.ty];
  return [m00, m01, cx - (m00 * ox + m01 * oy), m10, m11, cy - (m10 * ox + m11 * oy), 0, 0];
}

/** The images x ([n, h, w, 1] in [0, 1]) with one draw each applied; x is not disposed. */
export function applyAugmentations(x: tf.Tensor4D, params: readonly AugmentParams[]): tf.Tensor4D {
  const [n, height, width] = x.shape;
  if (params.length !== n) {
    throw new Error(`applyAugmentations: ${params.length} draws for a batch of ${n} images.`);
  }
  return tf.tidy(() => {
    const transforms = tf.tensor2d(
      params.flatMap((p) => inverseAffine(p, height, width)),
      [n, 8],
    );
    const moved = tf.image.transform(x, transforms, 'bilinear', 'constant', 0);
    if (params.every((p) => p.stroke === 0)) return moved;
    const thicker = tf.maxPool(moved, 3, 1, 'same');
    const thinner = tf.neg(tf.maxPool(tf.neg(moved), 3, 1, 'same'));
    // `weight` where the draw's stroke has weight's sign, 0 elsewhere.
    const mask = (weight: number) =>
      tf.tensor4d(
        params.map((p) => (p.stroke === Math.sign(weight) ? Math.abs(weight) : 0)),
        [n, 1, 1, 1],
      );
    // Halfway to the dilation or erosion: a full 3x3 erosion wipes out MNIST's thinnest strokes.
    return tf.addN([
      moved,
      tf.mul(mask(STROKE_MIX), tf.sub(thicker, moved)),
      tf.mul(mask(-STROKE_MIX), tf.sub(thinner, moved)),
    ]) as tf.Tensor4D;
  });
}

/** A training batch augmented with the draws of `seed`; its x is disposed, its labels kept. */
export function augmentBatch(batch: Batch, options: AugmentOptions, seed: number): Batch {
  const x = batch.x as tf.Tensor4D;
  const augmented = applyAugmentations(x, drawAugmentations(batch.size, x.shape[1], options, seed));
  x.dispose();
  return { ...batch, x: augmented };
}
