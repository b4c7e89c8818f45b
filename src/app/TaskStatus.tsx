import { useStudio } from './store';

/**
 * Long work in the worker (a `progress` task), shown next to the control that started it:
 * its message and, when the worker counts it, a progress bar. Nothing once the task is done.
 */
export function TaskStatus({
  task,
  label,
  pending,
}: {
  task: string;
  /** The status's accessible name, e.g. "Error analysis". */
  label: string;
  /** Shown before the worker's first word on the task, when the caller knows it has begun. */
  pending?: string;
}) {
  const progress = useStudio((s) => s.tasks[task]);
  const shown = progress ?? (pending === undefined ? undefined : { message: pending });
  if (!shown) return null;
  const { fraction, message } = shown;
  return (
    <span className="task-status muted small" role="status" aria-label={label}>
      {fraction !== undefined && fraction > 0 && (
        <progress max={1} value={fraction} aria-label={`${label} progress`} />
      )}
      <span>
        {message}
        {fraction !== undefined && fraction > 0 && ` ${Math.round(fraction * 100)}%`}
      </span>
    </span>
  );
}
