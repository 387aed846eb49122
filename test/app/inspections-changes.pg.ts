import { inspectionChangesSuite } from './inspections-changes-suite.js';

inspectionChangesSuite('postgres');
