/**
 * Stored records that fail their schema (checkpoints, run records): listed apart with why, each
 * deletable by its stored key, so one bad record never hides or blocks the rest.
 */
interface Entry {
  id: string;
  reason: string;
}

interface Props<T extends Entry> {
  /** The region's name, e.g. "Unreadable checkpoints". */
  label: string;
  /** What one record is, e.g. "checkpoint", "run record". */
  noun: string;
  /** Why to delete them, after "Delete it" / "Delete them". */
  after: string;
  entries: T[];
  /** Asks before deleting when set. */
  confirm?: boolean;
  onDelete: (entry: T) => void;
}

export function UnreadableRecords<T extends Entry>({
  label,
  noun,
  after,
  entries,
  confirm = false,
  onDelete,
}: Props<T>) {
  if (entries.length === 0) return null;
  const one = entries.length === 1;
  return (
    <section aria-label={label} className="boxed">
      <p>
        {one ? `One stored ${noun}` : `${entries.length} stored ${noun}s`} could not be read and{' '}
        {one ? 'is' : 'are'} not listed above. Delete {one ? 'it' : 'them'}
        {after}
      </p>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id}>
            <span className="mono">{entry.id}</span>: {entry.reason}{' '}
            <button
              type="button"
              className="danger"
              aria-label={`Delete the unreadable ${noun} ${entry.id}`}
              onClick={() => {
                if (!confirm || window.confirm(`Delete the unreadable ${noun} ${entry.id}?`)) {
                  onDelete(entry);
                }
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
