import { conversationListSuite } from './conversation-list-suite.js';

conversationListSuite('postgres');
