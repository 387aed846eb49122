import { engineerChatSuite } from './engineer-chat-suite.js';

engineerChatSuite('postgres');
