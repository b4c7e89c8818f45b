import { formatMetric } from './format';
import type { RunState } from './state';

/** The best checkpoint's test metrics, once the run has tested it. */
export function TestMetrics({ run }: { run: RunState }) {
  if (!run.testMetrics) return null;
  return (
    // An explicit role attribute: tests and tools find it by [role="region"], not only by tag.
    // biome-ignore lint/a11y/useSemanticElements: see above
    <div className="test-metrics" role="region" aria-label="Test metrics">
      <h3>Test metrics</h3>
      <ul>
        {Object.entries(run.testMetrics).map(([name, value]) => (
          <li key={name}>
            <span className="mono">{name}</span> <strong>{formatMetric(value)}</strong>
          </li>
        ))}
      </ul>
      {run.testedCheckpoint && <p className="muted small">of {run.testedCheckpoint}</p>}
    </div>
  );
}
