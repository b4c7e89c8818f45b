import type { FlagSpec } from '../engine/flagSpec';

interface Props {
  spec: FlagSpec;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

/** One CLI flag as a labelled control: a select for choices, text otherwise (empty = default). */
export function FlagField({ spec, value, error, onChange }: Props) {
  const id = `flag-${spec.name}`;
  const describedBy = error ? `${id}-help ${id}-error` : `${id}-help`;
  const choices = spec.type === 'boolean' ? ['true', 'false'] : spec.choices;
  const fallback = spec.default === undefined ? 'not set' : String(spec.default);
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{spec.name}</label>
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
        {spec.help}
        {spec.default !== undefined && spec.name !== 'backend' ? ` (default ${spec.default})` : ''}
      </small>
      {error && (
        <small id={`${id}-error`} className="error-text" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
