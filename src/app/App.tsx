import { useEffect, useState } from 'react';
import { CheckpointsPanel } from './CheckpointsPanel';
import { defaultOf, type Query, queryForUrl, readQuery, specsFor } from './configForm';
import { DataPanel } from './DataPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { ErrorsPanel } from './ErrorsPanel';
import { ExperimentPanel } from './ExperimentPanel';
import { Header } from './Header';
import { LinesPanel } from './LinesPanel';
import { Messages } from './Messages';
import { Playground } from './Playground';
import { RunPanel } from './RunPanel';
import { dispatch } from './store';

const fromLink = readQuery(window.location.search);

/** The studio: one page, one panel per job; the experiment's flags live in the URL query. */
export function App() {
  const [query, setQuery] = useState<Query>(fromLink.query);

  useEffect(() => {
    if (fromLink.unknown.length === 0) return;
    dispatch({
      type: 'notice',
      kind: 'error',
      text: `The link's ${fromLink.unknown.join(', ')} ${fromLink.unknown.length > 1 ? 'are not flags' : 'is not a flag'} of this experiment and ${fromLink.unknown.length > 1 ? 'were' : 'was'} ignored.`,
    });
  }, []);

  // replaceState: editing a field should not add a history entry per keystroke.
  useEffect(() => {
    const params = new URLSearchParams(queryForUrl(query, specsFor(query))).toString();
    window.history.replaceState(null, '', params ? `?${params}` : window.location.pathname);
  }, [query]);

  return (
    <>
      <Header query={query} />
      <Messages />
      <main className="studio">
        <ErrorBoundary what="The Experiment panel">
          <ExperimentPanel query={query} onQueryChange={setQuery} />
        </ErrorBoundary>
        <ErrorBoundary what="The Run panel">
          <RunPanel />
        </ErrorBoundary>
        <ErrorBoundary what="The Playground">
          <Playground dataClass={query.data_class || defaultOf('data_class')} />
        </ErrorBoundary>
        <ErrorBoundary what="The Errors panel">
          <ErrorsPanel />
        </ErrorBoundary>
        <ErrorBoundary what="The Lines panel">
          <LinesPanel />
        </ErrorBoundary>
        <ErrorBoundary what="The Checkpoints panel">
          <CheckpointsPanel query={query} />
        </ErrorBoundary>
        <ErrorBoundary what="The Data panel">
          <DataPanel />
        </ErrorBoundary>
      </main>
    </>
  );
}
