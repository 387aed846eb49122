import { pendingAssetsSuite } from './pending-assets-suite.js';

pendingAssetsSuite('pglite');
