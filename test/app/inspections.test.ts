import { inspectionsSuite } from './inspections-suite.js';

inspectionsSuite('pglite');
