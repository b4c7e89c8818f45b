import { backendText } from './backendText';
import { useStudio } from './store';
import { useTheme } from './useTheme';

/** Title, the backend TensorFlow.js runs on, long work in progress, and the theme toggle. */
export function Header() {
  const backend = useStudio((s) => s.backend);
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
          <span role="status" aria-label="Backend">
            {backend ? backendText(backend) : 'starting TensorFlow.js…'}
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
