'use strict';
/**
 * One pthread of tfjs-backend-wasm's threaded build, in a Node worker thread (see
 * wasmThreads.ts). tfjs hands Emscripten a blob: URL for this script and a Blob for the main
 * script, which Node's Worker and Emscripten's Node code cannot load; this file loads both
 * from the Blobs instead, then runs Emscripten's own worker script unchanged.
 */
const workerThreads = require('node:worker_threads');
const fs = require('node:fs');
const vm = require('node:vm');

const { parentPort, workerData } = workerThreads;
/** Main scripts that arrived as Blobs, by the name importScripts() is called with. */
const scripts = new Map();
let deliver = () => {};
/** Messages are handed on in order, each after the Blobs it carries have been read. */
let ready = Promise.resolve();

/** The parentPort Emscripten's worker script sees: its message listener is called by us. */
const port = {
  on(event, listener) {
    if (event === 'message') deliver = listener;
    else parentPort.on(event, listener);
  },
  postMessage: (message, transfer) => parentPort.postMessage(message, transfer),
};

parentPort.on('message', (message) => {
  ready = ready.then(async () => {
    let data = message;
    if (data?.cmd === 'load' && data.urlOrBlob && typeof data.urlOrBlob === 'object') {
      const name = `inklab-wasm-main-script-${scripts.size}`;
      scripts.set(name, await data.urlOrBlob.text());
      data = { ...data, urlOrBlob: name };
    }
    deliver(data);
  });
});

/** Runs a script of tfjs's (from its Blob) in this thread's global scope. */
function runScript(source, filename) {
  return vm.runInThisContext(source, { filename });
}

ready = ready.then(async () => {
  // The main script is a function's source cut out of tfjs's Node bundle: it still names the
  // bundle's module-level helpers, which must exist as globals here.
  globalThis.commonjsGlobal = globalThis;
  for (const [name, id] of workerData.bundleRequires) globalThis[name] = require(id);
  // Emscripten's worker script, given a `require` that answers worker_threads with our port.
  const workerScript = await workerData.workerScript.text();
  runScript(`(function (require, __filename) {${workerScript}\n})`, 'tfjs-wasm-pthread.js')(
    (id) => (id === 'worker_threads' ? { ...workerThreads, parentPort: port } : require(id)),
    __filename,
  );
  globalThis.importScripts = (file) =>
    runScript(scripts.get(file) ?? fs.readFileSync(file, 'utf8'), file);
});
