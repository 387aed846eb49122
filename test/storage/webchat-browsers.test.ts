import { webchatBrowsersSuite } from './webchat-browsers-suite.js';

webchatBrowsersSuite('pglite');
