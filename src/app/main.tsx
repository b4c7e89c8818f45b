import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createWorkerClient } from '../workers/workerClient';
import { App } from './App';
import { connectStore } from './store';
import { exposeTestHooks, testHooksEnabled, watchdogTimeoutMs } from './testHooks';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
// Connected once for the page's life, outside React (StrictMode would connect twice).
const client = createWorkerClient(testHooksEnabled, { silenceTimeoutMs: watchdogTimeoutMs });
connectStore(client);
exposeTestHooks(client);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
