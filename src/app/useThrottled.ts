import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most once per `intervalMs` and only at times `phaseMs` past a multiple of
 * the interval (the latest value always lands): charts with different phases then redraw in
 * separate, short tasks however fast training events arrive.
 */
export function useThrottled<T>(value: T, intervalMs: number, phaseMs = 0): T {
  const [shown, setShown] = useState(value);
  const lastUpdate = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const now = performance.now();
    const slot = Math.ceil((now - phaseMs) / intervalMs) * intervalMs + phaseMs;
    const wait = Math.max(slot - now, lastUpdate.current + intervalMs - now, 0);
    const timer = setTimeout(() => {
      lastUpdate.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs, phaseMs]);
  return shown;
}
