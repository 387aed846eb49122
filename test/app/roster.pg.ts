import { rosterSuite } from './roster-suite.js';

rosterSuite('postgres');
