/**
 * The page's main-thread tasks from a Chromium trace (Playwright's `browser.startTracing`):
 * each task's wall time and the main thread's own CPU time in it. The Long Tasks API reports
 * wall time only, which also counts the time the operating system ran other processes on that
 * core; on a shared machine that is what makes a 5 ms task last 60 ms.
 */

/** Trace categories with every task, its thread time (`tdur`), and the page's marks. */
export const taskCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
];

export interface MainThreadTask {
  /** ms after the `from` mark. */
  at: number;
  wallMs: number;
  cpuMs: number;
  /** The task's heaviest parts (script, style, layout, paint, GC), for telling what it was. */
  parts: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number };
  };
}

/** How a part of a task reads: the event's name, and where its script is when it has one. */
function partName(e: TraceEvent): string {
  const data = e.args?.data;
  const where = data?.url
    ? ` ${data.url.split('/').pop()}:${data.lineNumber ?? '?'}:${data.columnNumber ?? '?'}`
    : '';
  const fn = data?.functionName ? ` ${data.functionName}` : '';
  return `${e.name}${fn}${where}`;
}

/**
 * The tasks of the thread where the page called `performance.mark(from)`, from that mark to
 * the mark `to`. Throws when a mark is missing or the trace has no thread times, so that a
 * trace this cannot read never passes as "no long task".
 */
export function mainThreadTasks(trace: Buffer, from: string, to: string): MainThreadTask[] {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mark = (name: string) => {
    const found = events.find((e) => e.name === name);
    if (!found) throw new Error(`The trace has no performance.mark('${name}'); was it set?`);
    return found;
  };
  const [start, end] = [mark(from), mark(to)];
  const tasks = events.filter(
    (e) =>
      e.name === 'RunTask' &&
      e.ph === 'X' &&
      e.pid === start.pid &&
      e.tid === start.tid &&
      e.ts >= start.ts &&
      e.ts <= end.ts,
  );
  if (tasks.length === 0 || tasks.some((t) => t.tdur === undefined || t.dur === undefined)) {
    throw new Error(
      `The trace between '${from}' and '${to}' has ${tasks.length} main-thread tasks, ` +
        'not all with thread times: record it with taskCategories.',
    );
  }
  const thread = events.filter(
    (e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.name !== 'RunTask',
  );
  return tasks.map((t) => {
    const end = t.ts + (t.dur ?? 0);
    const parts = thread
      .filter((e) => e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && (e.dur ?? 0) >= 2000)
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 4)
      .map((e) => `${partName(e)} ${((e.dur ?? 0) / 1000).toFixed(0)} ms`);
    return {
      at: (t.ts - start.ts) / 1000,
      wallMs: (t.dur ?? 0) / 1000,
      cpuMs: (t.tdur ?? 0) / 1000,
      parts: parts.join('; '),
    };
  });
}
