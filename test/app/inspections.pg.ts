import { inspectionsSuite } from './inspections-suite.js';

inspectionsSuite('postgres');
