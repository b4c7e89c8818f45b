import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { CheckpointRecord } from '../workers/protocol';
import { downloadCheckpoint, loadModel } from './commands';
import { dispatch } from './store';

interface Props {
  record: CheckpointRecord;
  /** A run is training: no other may start. */
  busy: boolean;
  /** Continues the run; with a new max_epochs when the run had trained all of its own. */
  onResume: (record: CheckpointRecord, maxEpochs?: number) => void;
  onDelete: (record: CheckpointRecord) => void;
}

/**
 * A checkpoint's actions: Load, and a "More" disclosure with the rest, so a row is two tab
 * stops. Every name says which checkpoint it acts on ("Load RUN epoch 2"): a list of
 * identical "Load" buttons tells a screen-reader user nothing.
 */
export function CheckpointActions({ record, busy, onResume, onDelete }: Props) {
  const what = `${record.runName} epoch ${record.epoch}`;
  const [open, setOpen] = useState(false);
  // A run that has trained all its epochs asks, in its row, how many epochs to train to.
  const [epochs, setEpochs] = useState<string>();
  const panelId = useId();
  const moreButton = useRef<HTMLButtonElement>(null);
  const ended = record.epoch + 1 >= record.maxEpochs;

  const close = () => {
    setOpen(false);
    setEpochs(undefined);
    moreButton.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };
  const extend = () => {
    const maxEpochs = Number(epochs);
    if (!Number.isInteger(maxEpochs) || maxEpochs <= record.epoch + 1) {
      dispatch({
        type: 'notice',
        kind: 'error',
        text: `Give a whole number of epochs above ${record.epoch + 1}: this run has trained ${record.epoch + 1}.`,
      });
      return;
    }
    setEpochs(undefined);
    setOpen(false);
    onResume(record, maxEpochs);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the disclosure from any control inside it
    <div className="row-actions" onKeyDown={onKeyDown}>
      <button type="button" aria-label={`Load ${what}`} onClick={() => void loadModel(record)}>
        Load
      </button>
      <button
        ref={moreButton}
        type="button"
        className="more"
        aria-label={`More actions for ${what}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => (open ? close() : setOpen(true))}
      >
        More <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id={panelId} className="more-actions" hidden={!open}>
        <button
          type="button"
          aria-label={`Download .ckpt of ${what}`}
          onClick={() => void downloadCheckpoint(record, 'ckpt')}
        >
          Download .ckpt
        </button>
        <button
          type="button"
          aria-label={`Download tfjs .zip of ${what}`}
          onClick={() => void downloadCheckpoint(record, 'tfjs')}
        >
          Download tfjs .zip
        </button>
        <button
          type="button"
          aria-label={`Download PyTorch .zip of ${what}`}
          onClick={() => void downloadCheckpoint(record, 'pytorch')}
        >
          Download for PyTorch
        </button>
        <button
          type="button"
          aria-label={`Download ONNX of ${what}`}
          onClick={() => void downloadCheckpoint(record, 'onnx')}
        >
          Download ONNX
        </button>
        <button
          type="button"
          aria-label={`Resume training ${what}`}
          disabled={busy}
          onClick={() => {
            if (ended) {
              setEpochs(String(record.epoch + 2));
            } else {
              setOpen(false);
              onResume(record);
            }
          }}
        >
          Resume training
        </button>
        <button
          type="button"
          className="danger"
          aria-label={`Delete ${what}`}
          onClick={() => onDelete(record)}
        >
          Delete
        </button>
        {epochs !== undefined && (
          <form
            className="extend-run"
            onSubmit={(e) => {
              e.preventDefault();
              extend();
            }}
          >
            <label>
              This run has trained all {record.maxEpochs} of its epochs. Train up to
              <input
                type="number"
                min={record.epoch + 2}
                step={1}
                value={epochs}
                onChange={(e) => setEpochs(e.currentTarget.value)}
              />
              epochs
            </label>
            <button type="submit" aria-label={`Continue training ${what}`} disabled={busy}>
              Continue training
            </button>
            <button
              type="button"
              aria-label={`Cancel continuing ${what}`}
              onClick={() => setEpochs(undefined)}
            >
              Cancel
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
