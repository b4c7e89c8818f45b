import type { WorkerMessage } from '../workers/protocol';
import { restoredRun } from './restoredRun';
import { controlRequested, failRun, reduceRun, startRequested } from './runReducer';
import type { StudioAction, StudioState, UserMessage } from './state';

/** Errors and notices shown at once; older ones give way. */
const MESSAGE_CAP = 5;

/** The one pure reducer behind the store: state + action -> state, no side effects. */
export function reduce(state: StudioState, action: StudioAction): StudioState {
  switch (action.type) {
    case 'worker':
      return reduceMessage(state, action.message, action.at);
    case 'startRequested':
      // The last run's failures are past once another starts.
      return {
        ...state,
        run: startRequested(state.run, action.config, action.resumeId),
        messages: state.messages.filter((m) => m.kind !== 'error'),
      };
    case 'runControl':
      return { ...state, run: controlRequested(state.run, action.control) };
    case 'backend':
      return { ...state, backend: action.report };
    case 'datasets':
      return { ...state, datasets: action.list };
    case 'datasetImported': {
      const others = (state.datasets ?? []).filter((d) => d.name !== action.dataset.name);
      const { [action.dataset.name]: _stale, ...samples } = state.samples;
      return notify(
        { ...state, datasets: [...others, action.dataset], samples },
        'info',
        `Imported ${action.dataset.name}: ${splitText(action.dataset.splits)}.`,
      );
    }
    case 'modelLoaded':
      // What the previous model said (guesses, analysis, a line's reading) is no longer shown.
      return {
        ...state,
        loadedModel: action.model,
        prediction: undefined,
        testSample: undefined,
        errorReport: undefined,
        lineReading: undefined,
      };
    case 'prediction':
      return { ...state, prediction: action.prediction };
    case 'testSample':
      return { ...state, testSample: action.sample };
    case 'samples':
      return { ...state, samples: { ...state.samples, [action.dataset]: action.samples } };
    case 'errorReport':
      // A report of a model that is no longer loaded (replaced while it was computed) is dropped.
      return action.report.modelId === state.loadedModel?.id
        ? { ...state, errorReport: action.report }
        : state;
    case 'linePreviews':
      return { ...state, linePreviews: action.result };
    case 'augmentPreview':
      return { ...state, augmentPreview: action.result };
    case 'lineReading':
      return { ...state, lineReading: action.reading };
    case 'notice':
      return notify(state, action.kind, action.text);
    case 'dismiss':
      return { ...state, messages: state.messages.filter((m) => m.id !== action.id) };
    case 'storage':
      return { ...state, storage: action.status };
    case 'runs': {
      // After a reload the run panel shows the latest run again, charts and log included: the
      // latest trained here, as an imported CLI run never ran in this page.
      const latest = action.runs.find((r) => r.origin === 'studio');
      const restore = state.run.status === 'idle' && !state.run.runName && latest;
      return {
        ...state,
        runs: action.runs,
        unreadableRuns: action.unreadable,
        run: restore ? restoredRun(latest, state.run.nextLogId) : state.run,
      };
    }
    case 'runDeleted':
      return { ...state, runs: state.runs.filter((r) => r.id !== action.id) };
  }
}

function reduceMessage(
  state: StudioState,
  message: Exclude<WorkerMessage, { type: 'reply' }>,
  at: number,
): StudioState {
  switch (message.type) {
    case 'trainer': {
      const event = message.event;
      const next = { ...state, run: reduceRun(state.run, event, at) };
      const failure =
        event.type === 'error'
          ? event.message
          : event.type === 'finished' && event.reason === 'diverged'
            ? (event.message ?? 'the loss diverged.')
            : undefined;
      return failure === undefined ? next : notify(next, 'error', `Training failed: ${failure}`);
    }
    case 'run': {
      const others = state.runs.filter((r) => r.id !== message.record.id);
      const runs = [message.record, ...others].sort((a, b) => b.startedAt - a.startedAt);
      return { ...state, runs };
    }
    case 'sweep':
      return { ...state, sweep: message.sweep };
    case 'modelLoaded':
      return reduce(state, { type: 'modelLoaded', model: message.model });
    case 'backend':
      return reduce(state, { type: 'backend', report: message.report });
    case 'checkpoints': {
      const loadedGone =
        state.loadedModel && !message.list.some((c) => c.id === state.loadedModel?.id);
      return {
        ...state,
        checkpoints: [...message.list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        unreadableCheckpoints: message.unreadable ?? [],
        // A deleted checkpoint can no longer be the Playground's model.
        ...(loadedGone
          ? {
              loadedModel: undefined,
              prediction: undefined,
              errorReport: undefined,
              lineReading: undefined,
            }
          : {}),
      };
    }
    case 'error': {
      const { [message.task]: _failed, ...tasks } = state.tasks;
      return notify({ ...state, tasks }, 'error', message.message);
    }
    case 'crashed': {
      const run = failRun(state.run, message.reason);
      const next = run.lastCheckpoint
        ? 'Resume from the last checkpoint in Run to continue it.'
        : 'Try again; reload the page if it happens again.';
      // Whatever the old worker was doing for the header is gone with it.
      return notify({ ...state, run, tasks: {} }, 'error', `${message.reason}. ${next}`);
    }
    case 'progress': {
      const { [message.task]: _done, ...others } = state.tasks;
      const finished = message.fraction !== undefined && message.fraction >= 1;
      return {
        ...state,
        tasks: finished
          ? others
          : { ...others, [message.task]: { fraction: message.fraction, message: message.message } },
      };
    }
  }
}

function notify(state: StudioState, kind: UserMessage['kind'], text: string): StudioState {
  const message = { id: state.nextMessageId, kind, text };
  return {
    ...state,
    messages: [...state.messages, message].slice(-MESSAGE_CAP),
    nextMessageId: state.nextMessageId + 1,
  };
}

export function splitText(splits: Record<string, number>): string {
  return Object.entries(splits)
    .map(([split, count]) => `${count.toLocaleString('en-US')} ${split}`)
    .join(', ');
}
