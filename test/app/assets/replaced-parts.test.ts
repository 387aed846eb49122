import { replacedPartsSuite } from './replaced-parts-suite.js';

replacedPartsSuite('pglite');
