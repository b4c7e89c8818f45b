import { useEffect, useRef } from 'react';
import { MODEL_SIDE } from '../engine/data/preprocess';

interface Props {
  /** 28 rows of `columns` pixels: bytes 0-255 or floats 0-1, ink high. */
  image?: Uint8Array | Float32Array;
  label: string;
  /** Displayed height in CSS pixels; the width follows the aspect ratio. */
  size: number;
  /** Image width in pixels: 28 for a character, 896 for a line. */
  columns?: number;
}

/** A 28-row image drawn pixel for pixel (white ink on black, as the model sees it), scaled up. */
export function ImageCanvas({ image, label, size, columns = MODEL_SIDE }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const data = context.createImageData(columns, MODEL_SIDE);
    const scale = image instanceof Float32Array ? 255 : 1;
    for (let i = 0; i < columns * MODEL_SIDE; i++) {
      const v = image ? image[i] * scale : 0;
      data.data.set([v, v, v, 255], i * 4);
    }
    context.putImageData(data, 0, 0);
  }, [image, columns]);
  return (
    <canvas
      ref={canvas}
      className="pixels"
      width={columns}
      height={MODEL_SIDE}
      role="img"
      aria-label={label}
      style={{ width: (size * columns) / MODEL_SIDE, height: size }}
    />
  );
}
