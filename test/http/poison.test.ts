import { poisonSuite } from './poison-suite.js';

poisonSuite('pglite');
