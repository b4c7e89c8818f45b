import { Component, type ReactNode } from 'react';
import { errorMessage } from '../engine/errorMessage';

interface Props {
  /** What failed, as the message names it: e.g. "The Checkpoints panel". */
  what: string;
  /** The way out besides retrying: remove the record whose data broke the view. */
  remove?: { label: string; run: () => Promise<void> };
  /** Wraps the failure notice where markup requires it (a table row needs `<tr><td>`). */
  frame?: (notice: ReactNode) => ReactNode;
  children: ReactNode;
}

interface State {
  error?: unknown;
}

/**
 * Keeps a view that throws while rendering from blanking the page: it says what failed and
 * offers to remove the bad record or to try again, while the rest of the page goes on.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  private readonly retry = () => this.setState({ error: undefined });

  private readonly remove = async () => {
    await this.props.remove?.run();
    this.retry();
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const { what, remove, frame } = this.props;
    const notice = (
      <div role="alert" className="boundary">
        <p>
          <strong>{what} could not be shown:</strong> {errorMessage(error)}
        </p>
        <p className="muted small">
          {remove
            ? `${remove.label} to go on without it (nothing else is deleted), or try again.`
            : 'The rest of the page still works. Try again, or reload the page.'}
        </p>
        <div className="row-actions">
          {remove && (
            <button type="button" className="danger" onClick={() => void this.remove()}>
              {remove.label}
            </button>
          )}
          <button type="button" onClick={this.retry}>
            Try again
          </button>
        </div>
      </div>
    );
    return frame ? frame(notice) : notice;
  }
}
