import { useState } from 'react';
import type { ErrorReport } from '../workers/protocol';
import { ConfusionMatrix } from './ConfusionMatrix';
import { analyzeErrors } from './commands';
import { percent, shownLabel } from './confusionView';
import { MisclassifiedGallery } from './MisclassifiedGallery';
import { useStudio } from './store';
import { TaskStatus } from './TaskStatus';

/** Pairs listed: the long tail of single confusions says little. */
const PAIRS_SHOWN = 10;

/** Error analysis of the loaded model: where it is wrong, and how much is mere ambiguity. */
export function ErrorsPanel() {
  const model = useStudio((s) => s.loadedModel);
  const report = useStudio((s) => s.errorReport);
  const [busy, setBusy] = useState(false);

  const analyze = async () => {
    setBusy(true);
    await analyzeErrors();
    setBusy(false);
  };

  return (
    <section aria-labelledby="errors-title" className="panel errors">
      <h2 id="errors-title">Errors</h2>
      <p className="lead">
        {model ? (
          <>
            Run <span className="mono">{model.runName}</span> over its {model.dataClass} test split
            and see which characters it confuses.
          </>
        ) : (
          'Load a model (train one, or Load a checkpoint) to analyze its errors on the test split.'
        )}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void analyze()} disabled={!model || busy}>
          Analyze errors
        </button>
        {busy && (
          <TaskStatus
            task="analyzeErrors"
            label="Error analysis"
            pending="Analyzing the test split…"
          />
        )}
      </div>
      {report && <Report report={report} />}
    </section>
  );
}

function Report({ report }: { report: ErrorReport }) {
  const merged = report.lookAlikes.groups.length > 0;
  return (
    <>
      <div className="accuracy-pair">
        <p>
          Accuracy <strong>{percent(report.accuracy)}</strong>{' '}
          <span className="muted">
            over {report.examples.toLocaleString('en-US')} test{' '}
            {report.dataClass === 'EMNISTLines' ? 'characters (padding left out)' : 'images'}
          </span>
        </p>
        <p>
          With look-alikes merged <strong>{percent(report.lookAlikes.mergedAccuracy)}</strong>
        </p>
        <p>
          Top-3 <strong>{percent(report.top3Accuracy)}</strong>{' '}
          <span className="muted">the true class among the three most probable</span>
        </p>
        <p className="muted small">
          {merged
            ? `Merged counts a guess as right when it is the true character's look-alike (${report.lookAlikes.groups.map((g) => g.join('/')).join(', ')}): the gap is the error that a single character alone cannot resolve.`
            : 'Merged counts a guess as right when it is the true character’s look-alike (0/O/o, 1/l/I, c/C…); this split has no look-alike pairs, so both are the same.'}
        </p>
      </div>
      <div className="errors-grid">
        <ConfusionMatrix report={report} />
        <div>
          <h3>Most confused pairs</h3>
          {report.confusedPairs.length === 0 ? (
            <p className="empty">No confusions.</p>
          ) : (
            <ol className="pairs" aria-label="Most confused pairs">
              {report.confusedPairs.slice(0, PAIRS_SHOWN).map((p) => (
                <li key={`${p.trueIndex}-${p.predictedIndex}`}>
                  <span className="mono">
                    {shownLabel(p.trueLabel)} → {shownLabel(p.predictedLabel)}
                  </span>{' '}
                  <strong>{p.count}</strong>{' '}
                  <span className="muted small">
                    ({percent(p.rate)} of true {shownLabel(p.trueLabel)})
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      <MisclassifiedGallery examples={report.misclassified} />
    </>
  );
}
