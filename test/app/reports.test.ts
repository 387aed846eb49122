import { reportsSuite } from './reports-suite.js';

reportsSuite('pglite');
