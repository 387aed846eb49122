import { engineerChatSuite } from './engineer-chat-suite.js';

engineerChatSuite('pglite');
