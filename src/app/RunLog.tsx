import { memo, useLayoutEffect, useRef } from 'react';
import type { LogLine } from './state';

/** The run's console output; it follows new lines unless the user scrolled up to read. */
export const RunLog = memo(function RunLog({ lines }: { lines: LogLine[] }) {
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls whenever lines change
  useLayoutEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <div
      ref={box}
      className="log"
      role="log"
      aria-label="Training log"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be keyboard reachable
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.length === 0 ? (
        <p className="empty">The run’s console output appears here.</p>
      ) : (
        lines.map((line) => (
          <div key={line.id} className={`log-line ${line.level}`}>
            {line.text}
          </div>
        ))
      )}
    </div>
  );
});
