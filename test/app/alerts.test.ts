import { alertsSuite } from './alerts-suite.js';

alertsSuite('pglite');
