import { useEffect, useRef } from 'react';
import { MODEL_SIDE } from '../engine/data/preprocess';

interface Props {
  /** 28x28: bytes 0-255 or floats 0-1, ink high. */
  image?: Uint8Array | Float32Array;
  label: string;
  size: number;
}

/** A 28x28 image drawn pixel for pixel (white ink on black, as the model sees it), scaled up. */
export function ImageCanvas({ image, label, size }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const data = context.createImageData(MODEL_SIDE, MODEL_SIDE);
    const scale = image instanceof Float32Array ? 255 : 1;
    for (let i = 0; i < MODEL_SIDE * MODEL_SIDE; i++) {
      const v = image ? image[i] * scale : 0;
      data.data.set([v, v, v, 255], i * 4);
    }
    context.putImageData(data, 0, 0);
  }, [image]);
  return (
    <canvas
      ref={canvas}
      className="pixels"
      width={MODEL_SIDE}
      height={MODEL_SIDE}
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
    />
  );
}
