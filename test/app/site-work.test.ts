import { siteWorkSuite } from './site-work-suite.js';

siteWorkSuite('pglite');
