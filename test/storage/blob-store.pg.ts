import { blobStoreSuite } from './blob-store-suite.js';

blobStoreSuite('postgres');
