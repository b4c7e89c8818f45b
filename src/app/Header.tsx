import { useMemo } from 'react';
import { newRunConfig } from '../engine/config';
import { modelShapeKey } from '../engine/modelShapeKey';
import { MEASURE_TASK } from '../workers/protocol';
import { backendPill } from './backendPill';
import type { Query } from './configForm';
import { useStudio } from './store';
import { useTheme } from './useTheme';

/** Title, the backend the next run trains on, long work in progress, and the theme toggle. */
export function Header({ query }: { query: Query }) {
  const report = useStudio((s) => s.backend);
  const running = useStudio((s) => s.run.status === 'running' || s.run.status === 'paused');
  const model = useMemo(() => formModel(query), [query]);
  const measuring = useStudio((s) => s.tasks[MEASURE_TASK] !== undefined);
  const pill = backendPill({ report, selected: query.backend, model, running, measuring });
  const tasks = useStudio((s) => s.tasks);
  const [theme, setTheme] = useTheme();
  return (
    <header className="header">
      <div className="brand">
        <h1>Inklab</h1>
        <p>Train a handwriting recognizer in your browser, then draw to test it.</p>
      </div>
      <div className="header-side">
        <p className="backend">
          <span className="muted">Backend </span>
          <span role="status" aria-label="Backend" title={pill.details}>
            {pill.text}
          </span>
        </p>
        {Object.entries(tasks).map(([task, t]) => (
          <p key={task} className="task muted">
            {t.message}
            {t.fraction !== undefined && ` ${Math.round(t.fraction * 100)}%`}
          </p>
        ))}
        <button
          type="button"
          className="ghost"
          aria-pressed={theme === 'dark'}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          Dark mode
        </button>
      </div>
    </header>
  );
}

/** The form's model as the worker keys its measurements; undefined while the form is invalid. */
function formModel(query: Query): string | undefined {
  try {
    return modelShapeKey(
      newRunConfig(Object.fromEntries(Object.entries(query).filter(([, v]) => v))),
    );
  } catch {
    return undefined;
  }
}
