import { poisonSuite } from './poison-suite.js';

poisonSuite('postgres');
