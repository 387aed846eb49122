import { satisfactionReportSuite } from './satisfaction-report-suite.js';

satisfactionReportSuite('postgres');
