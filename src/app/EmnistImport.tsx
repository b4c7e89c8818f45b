import { type DragEvent, useState } from 'react';
import { importEmnist } from './commands';
import { useStudio } from './store';

/** The official EMNIST files, picked or dropped, parsed and kept by the worker in this browser. */
export function EmnistImport() {
  const tasks = useStudio((s) => s.tasks);
  const [importing, setImporting] = useState(false);
  const [over, setOver] = useState(false);

  const start = async (files: File[]) => {
    setImporting(true);
    await importEmnist(files);
    setImporting(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (!importing) void start([...event.dataTransfer.files]);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop zone adds drag and drop to the file input inside it
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        <strong>Add EMNIST (letters and digits).</strong> Download NIST’s{' '}
        <span className="mono">gzip.zip</span> (about 535 MB) or its{' '}
        <span className="mono">emnist-byclass-*-ubyte.gz</span> files, then drop them here or pick
        them. They are read in this browser and stay on this computer.
      </p>
      <div className="file-row">
        <label htmlFor="import-emnist">Import EMNIST files</label>
        <input
          id="import-emnist"
          type="file"
          multiple
          accept=".zip,.gz"
          disabled={importing}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length > 0) void start(files);
          }}
        />
      </div>
      {importing && (
        <div className="import-progress" role="status">
          {Object.values(tasks).map((t) => (
            <p key={t.message}>
              {t.message}
              {t.fraction !== undefined && ` ${Math.round(t.fraction * 100)}%`}
            </p>
          ))}
          {Object.keys(tasks).length === 0 && <p>Reading the files…</p>}
        </div>
      )}
    </div>
  );
}
