import { warrantyDigestSuite } from './warranty-digest-suite.js';

warrantyDigestSuite('pglite');
