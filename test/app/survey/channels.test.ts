import { surveyChannelsSuite } from './channels-suite.js';

surveyChannelsSuite('pglite');
