import { assetLabelsSuite } from './asset-labels-suite.js';

assetLabelsSuite('pglite');
