import { pipelineSuite } from './pipeline-suite.js';

pipelineSuite('pglite');
