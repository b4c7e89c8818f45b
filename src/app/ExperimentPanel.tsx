import { type FormEvent, useState } from 'react';
import { startRun } from './commands';
import { changeFlag, fieldErrors, type Query, queryForUrl, specsFor } from './configForm';
import { FlagField } from './FlagField';
import { BASIC_FLAGS } from './flagLabels';
import { Presets } from './Presets';
import { useStudio } from './store';

interface Props {
  query: Query;
  onQueryChange: (query: Query) => void;
}

const BASIC = new Set(BASIC_FLAGS);

/**
 * The run_experiment flags as a form: presets, the few flags a newcomer sets, and the rest under
 * Advanced (opened by itself when one of them needs fixing). The App keeps them in the URL query.
 */
export function ExperimentPanel({ query, onQueryChange }: Props) {
  const status = useStudio((s) => s.run.status);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const specs = specsFor(query);
  const errors = fieldErrors(query, specs);
  const invalid = Object.keys(errors).length > 0;
  const sweeping = useStudio((s) => s.sweep?.status === 'running');
  // Between a sweep's trials no run trains, yet the next starts at once.
  const busy = status === 'running' || status === 'paused' || sweeping;
  const basicSpecs = BASIC_FLAGS.flatMap((name) => specs.filter((s) => s.name === name));
  const advancedSpecs = specs.filter((s) => !BASIC.has(s.name));
  const advancedError = advancedSpecs.some((s) => errors[s.name]);
  const advancedSet = advancedSpecs.filter((s) => query[s.name]).length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid && !busy) void startRun(queryForUrl(query, specs));
  };
  const field = (spec: (typeof specs)[number]) => (
    <FlagField
      key={spec.name}
      spec={spec}
      value={query[spec.name] ?? ''}
      error={errors[spec.name]}
      onChange={(value) => onQueryChange(changeFlag(query, spec.name, value))}
    />
  );

  return (
    <section aria-labelledby="experiment-title" className="panel experiment">
      <h2 id="experiment-title">Experiment</h2>
      <p className="lead">
        Pick a preset or a dataset and a model, then click <strong>Train</strong>. Empty fields use
        the lab’s defaults; the settings are saved in the page’s link, so you can share a run.
      </p>
      <form onSubmit={submit} noValidate>
        <Presets query={query} onQueryChange={onQueryChange} disabled={busy} />
        <div className="actions">
          <button type="submit" className="primary" disabled={invalid || busy}>
            Train
          </button>
          <span className="muted">
            {busy
              ? 'A run is in progress: pause or stop it in Run.'
              : invalid
                ? 'Fix the highlighted fields to train.'
                : 'New here? Pick Quick look, then Train.'}
          </span>
        </div>
        <fieldset>
          <legend>Basic</legend>
          <div className="fields">{basicSpecs.map(field)}</div>
        </fieldset>
        <details
          className="advanced"
          open={advancedOpen || advancedError}
          onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
        >
          <summary>
            Advanced{' '}
            <span className="muted">
              ({advancedSpecs.length} settings{advancedSet > 0 ? `, ${advancedSet} changed` : ''})
            </span>
          </summary>
          <div className="fields">{advancedSpecs.map(field)}</div>
        </details>
      </form>
    </section>
  );
}
