import { linkCodesSuite } from './link-codes-suite.js';

linkCodesSuite('pglite');
