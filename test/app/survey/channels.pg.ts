import { surveyChannelsSuite } from './channels-suite.js';

surveyChannelsSuite('postgres');
