import { contractPromisesSuite } from './contract-promises-suite.js';

contractPromisesSuite('postgres');
