import { turnSuite } from './turn-suite.js';

turnSuite('pglite');
