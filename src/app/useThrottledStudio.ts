import { useEffect, useState } from 'react';
import type { StudioState } from './state';
import { useStudio } from './store';
import { throttleDelay } from './throttleDelay';

/**
 * A value picked from the store, updated at most once per `intervalMs` and only at times
 * `phaseMs` past a multiple of the interval (the latest value always lands). It subscribes
 * outside React, so the component renders only when the shown value changes: charts with
 * different phases then redraw in separate, short tasks however often the store updates.
 * `pick` must be a stable function (defined once, outside the component).
 */
export function useThrottledStudio<T>(
  pick: (state: StudioState) => T,
  intervalMs: number,
  phaseMs: number,
): T {
  const [shown, setShown] = useState(() => pick(useStudio.getState()));
  useEffect(() => {
    let latest = pick(useStudio.getState());
    let lastUpdate = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      timer = undefined;
      lastUpdate = performance.now();
      setShown(() => latest);
    };
    setShown(() => latest);
    const unsubscribe = useStudio.subscribe((state) => {
      const value = pick(state);
      if (Object.is(value, latest)) return;
      latest = value;
      timer ??= setTimeout(show, throttleDelay(performance.now(), lastUpdate, intervalMs, phaseMs));
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [pick, intervalMs, phaseMs]);
  return shown;
}
