import { returnVisitsSuite } from './return-visits-suite.js';

returnVisitsSuite('postgres');
