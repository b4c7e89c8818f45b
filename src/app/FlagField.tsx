import type { FlagSpec } from '../engine/flagSpec';
import { flagLabel } from './flagLabels';

interface Props {
  spec: FlagSpec;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

/**
 * One flag as a labelled control: a select for choices, text otherwise (empty = default). The
 * label is plain words; the lab's flag name is shown beside it for those who know the CLI, and
 * hidden from screen readers, which would read "fc1" aloud.
 */
export function FlagField({ spec, value, error, onChange }: Props) {
  const id = `flag-${spec.name}`;
  const describedBy = error ? `${id}-help ${id}-error` : `${id}-help`;
  const choices = spec.type === 'boolean' ? ['true', 'false'] : spec.choices;
  const fallback = spec.default === undefined ? 'not set' : String(spec.default);
  const label = flagLabel(spec.name);
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}{' '}
        <code className="flag-name" aria-hidden="true">
          {spec.name}
        </code>
      </label>
      {choices ? (
        <select
          id={id}
          value={value || (spec.name === 'backend' ? '' : fallback)}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
        >
          {/* In the page no backend means the worker's pick: the fastest this browser has. */}
          {spec.name === 'backend' && <option value="">auto (measured fastest)</option>}
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          inputMode={spec.type === 'string' ? 'text' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={fallback}
          onChange={(e) => onChange(e.target.value.trim())}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
      <small id={`${id}-help`} className="help">
        {helpText(spec, label)}
      </small>
      {error && (
        <small id={`${id}-error`} className="error-text" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The help under a field, without repeating its label ("dataset" under "Dataset"). */
function helpText(spec: FlagSpec, label: string): string {
  const help = spec.help.toLowerCase() === label.toLowerCase() ? '' : spec.help;
  if (spec.default === undefined || spec.name === 'backend') return help;
  return help ? `${help} (default ${spec.default})` : `Default ${spec.default}`;
}
