import { type Dispatch, type PointerEvent, type SetStateAction, useEffect, useRef } from 'react';
import { drawStrokes, PAD_LINE_WIDTH, type PadPoint, type Stroke } from './strokes';

export const PAD_SIDE = 280;

interface Props {
  strokes: Stroke[];
  setStrokes: Dispatch<SetStateAction<Stroke[]>>;
  /** Pad size in pad pixels (square by default; the Lines pad is wide). */
  width?: number;
  height?: number;
  label?: string;
  className?: string;
}

/** A pad for mouse, touch and pen; strokes are kept (for Undo) in pad pixels. */
export function DrawingPad({
  strokes,
  setStrokes,
  width = PAD_SIDE,
  height = PAD_SIDE,
  label = 'Drawing pad',
  className = 'pad',
}: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<Stroke | null>(null);

  // Redraws from the stroke history (after Undo, Clear, or a theme change of the ink colour).
  useEffect(() => {
    const el = canvas.current;
    const context = el?.getContext('2d');
    if (!el || !context) return;
    context.clearRect(0, 0, width, height);
    context.strokeStyle = getComputedStyle(el).color;
    drawStrokes(context, strokes, PAD_LINE_WIDTH);
  });

  const point = (event: PointerEvent<HTMLCanvasElement>): PadPoint => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * width,
      y: ((event.clientY - rect.top) / rect.height) * height,
    };
  };

  return (
    <canvas
      ref={canvas}
      className={className}
      width={width}
      height={height}
      aria-label={label}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        // Capture keeps the stroke going when the pointer leaves the pad mid-stroke.
        event.currentTarget.setPointerCapture(event.pointerId);
        const stroke = [point(event)];
        drawing.current = stroke;
        setStrokes((previous) => [...previous, stroke]);
      }}
      onPointerMove={(event) => {
        const stroke = drawing.current;
        if (!stroke) return;
        // Coalesced events keep fast pen and touch strokes smooth.
        const events = event.nativeEvent.getCoalescedEvents?.() ?? [event.nativeEvent];
        const rect = event.currentTarget.getBoundingClientRect();
        const added = events.map((e) => ({
          x: ((e.clientX - rect.left) / rect.width) * width,
          y: ((e.clientY - rect.top) / rect.height) * height,
        }));
        const grown = [...stroke, ...added];
        drawing.current = grown;
        setStrokes((previous) => [...previous.slice(0, -1), grown]);
      }}
      onPointerUp={() => {
        drawing.current = null;
      }}
      onPointerCancel={() => {
        drawing.current = null;
      }}
    />
  );
}
