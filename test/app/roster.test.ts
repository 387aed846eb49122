import { rosterSuite } from './roster-suite.js';

rosterSuite('pglite');
