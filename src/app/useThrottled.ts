import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most once per `intervalMs` (the latest value always lands): charts then
 * redraw a few times a second however fast training events arrive.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastUpdate = useRef(0);
  useEffect(() => {
    const wait = lastUpdate.current + intervalMs - performance.now();
    if (wait <= 0) {
      lastUpdate.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      lastUpdate.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return shown;
}
