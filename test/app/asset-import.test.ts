import { assetImportSuite } from './asset-import-suite.js';

assetImportSuite('pglite');
