import { followUpSuite } from './follow-up-suite.js';

followUpSuite('pglite');
