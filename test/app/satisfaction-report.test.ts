import { satisfactionReportSuite } from './satisfaction-report-suite.js';

satisfactionReportSuite('pglite');
