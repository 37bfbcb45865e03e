// `node --import ./register.mjs app.js`: records every module app.js loads (see hooks.mjs).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
