import { assetRegisterSuite } from './asset-register-suite.js';

assetRegisterSuite('pglite');
