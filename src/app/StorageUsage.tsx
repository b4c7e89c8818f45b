import { formatBytes } from './format';
import { useStudio } from './store';

/** How much of the browser's storage the studio uses, and whether the browser may clear it. */
export function StorageUsage() {
  const storage = useStudio((s) => s.storage);
  if (!storage) return null;
  return (
    <p className="muted small">
      Storage: {formatBytes(storage.usage)} used of {formatBytes(storage.quota)} this site may use;{' '}
      {storage.persisted
        ? 'the browser keeps it until you delete it.'
        : 'the browser may clear it when the disk runs low (download checkpoints you need).'}
    </p>
  );
}
