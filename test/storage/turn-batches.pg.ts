import { turnBatchesSuite } from './turn-batches-suite.js';

turnBatchesSuite('postgres');
