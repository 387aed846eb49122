import { reportsSuite } from './reports-suite.js';

reportsSuite('postgres');
