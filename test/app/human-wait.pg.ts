import { humanWaitSuite } from './human-wait-suite.js';

humanWaitSuite('postgres');
