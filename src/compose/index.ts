/**
 * The composition root: everything fixline runs is built here from the parsed settings, by the
 * receiving thread (server.ts) and by the pipeline thread (pipeline-worker.ts) alike.
 */
export { composeBackground } from './background.js';
export { composeHttp } from './http.js';
export { composePipeline, type RunningPipeline, wantsPipelineThread } from './pipeline.js';
export { composeParts } from './parts.js';
