// `node --import ./register.mjs app.js`: records every module app.js loads (see hooks.mjs), and
// every file `require` loads (the hooks of Node 20 do not see require, not even of an ES module).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);

const load = Module._load;
Module._load = function recordedLoad(request, parent, isMain) {
  const exports = load.call(this, request, parent, isMain);
  if (process.env.PARITY_LOAD_LOG && !Module.isBuiltin(request)) {
    const file = Module._resolveFilename(request, parent, isMain);
    appendFileSync(process.env.PARITY_LOAD_LOG, `${pathToFileURL(file).href}\n`);
  }
  return exports;
};
