import { deskNoticeSuite } from './desk-notice-suite.js';

deskNoticeSuite('postgres');
