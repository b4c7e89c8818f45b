import { dismissMessage } from './commands';
import { useStudio } from './store';

/** Failures (alerts) and confirmations, each dismissable. */
export function Messages() {
  const messages = useStudio((s) => s.messages);
  if (messages.length === 0) return null;
  return (
    <div className="messages">
      {messages.map((m) => (
        <div
          key={m.id}
          className={`message ${m.kind}`}
          role={m.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{m.text}</span>
          <button type="button" className="ghost small" onClick={() => dismissMessage(m.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
