import type { GrayImage } from '../engine/data/preprocess';

export interface PadPoint {
  x: number;
  y: number;
}
export type Stroke = PadPoint[];

/** Stroke width on the pad as the user sees it (pad pixels). */
export const PAD_LINE_WIDTH = 18;

export function drawStrokes(context: CanvasRenderingContext2D, strokes: Stroke[], width: number) {
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.lineWidth = width;
  for (const stroke of strokes) {
    context.beginPath();
    context.moveTo(stroke[0].x, stroke[0].y);
    // A single point (a tap) still leaves a dot.
    for (const p of stroke.length > 1 ? stroke.slice(1) : stroke) context.lineTo(p.x, p.y);
    context.stroke();
  }
}

/**
 * The strokes as the model's preprocessing gets them. The pen width follows the drawing's size
 * so that, once scaled into the 20x20 box, strokes are about 2.5 px wide like EMNIST's
 * whether the user drew big or small: width w on a drawing of side L scales to 20w/(L+w).
 */
export function rasterizeForModel(strokes: Stroke[], side: number): GrayImage {
  const points = strokes.flat();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  return rasterize(strokes, side, side, Math.max(6, extent / 7));
}

/**
 * A line of strokes for line preprocessing: each character is scaled into 20x20 on its own,
 * so the pen width follows the line's height (a character's size), as rasterizeForModel does.
 */
export function rasterizeLine(strokes: Stroke[], width: number, height: number): GrayImage {
  const ys = strokes.flat().map((p) => p.y);
  return rasterize(strokes, width, height, Math.max(4, (Math.max(...ys) - Math.min(...ys)) / 7));
}

function rasterize(strokes: Stroke[], width: number, height: number, pen: number): GrayImage {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot draw on an offscreen canvas.');
  drawStrokes(context as unknown as CanvasRenderingContext2D, strokes, pen);
  const rgba = context.getImageData(0, 0, width, height).data;
  const pixels = new Uint8ClampedArray(width * height);
  // Strokes are drawn on a transparent canvas, so alpha is the ink.
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[i * 4 + 3];
  return { pixels, width, height };
}
