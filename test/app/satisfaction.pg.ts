import { satisfactionSuite } from './satisfaction-suite.js';

satisfactionSuite('postgres');
