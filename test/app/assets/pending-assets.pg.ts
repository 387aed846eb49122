import { pendingAssetsSuite } from './pending-assets-suite.js';

pendingAssetsSuite('postgres');
