import { inspectionsChatSuite } from './inspections-chat-suite.js';

inspectionsChatSuite('pglite');
