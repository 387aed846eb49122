/**
 * The composition root: everything fixline runs is built here from the parsed settings, by the
 * receiving thread (server.ts) and by the background thread (background-worker.ts) alike.
 */
export { composeBackground, composeBackgroundOrThread, type RunningBackground, wantsBackgroundThread } from './background.js';
export { composeHttp } from './http.js';
export { composeParts } from './parts.js';
