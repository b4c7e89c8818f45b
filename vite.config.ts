import type { IncomingMessage, ServerResponse } from 'node:http';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Vite's static server labels .gz files `Content-Encoding: gzip`, so the browser would unpack
 * the dataset files and their sha256 would no longer match the manifest. Serve them as bytes.
 */
function datasetGzAsBytes(): Plugin {
  const plainGz = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (/\.gz(\?|$)/.test(req.url ?? '')) {
      res.setHeader('Content-Encoding', 'identity');
      res.setHeader('Content-Type', 'application/gzip');
    }
    next();
  };
  return {
    name: 'dataset-gz-as-bytes',
    configureServer: (server) => {
      server.middlewares.use(plainGz);
    },
    configurePreviewServer: (server) => {
      server.middlewares.use(plainGz);
    },
  };
}

export default defineConfig({
  plugins: [react(), datasetGzAsBytes()],
  server: { headers: isolation },
  preview: { headers: isolation },
  // tfjs-backend-wasm rebuilds its thread workers from Function.toString(); a minified worker
  // bundle renames names that source refers to ("e is not defined"). The page stays minified.
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  build: { target: 'es2022' },
});
