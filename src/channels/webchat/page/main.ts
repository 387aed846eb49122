// The web chat page's entry (built by Vite into dist-web/, see vite.config.ts).
import '../../../ui/base.css';
import '../public/chat.css';
import '../public/chat.js';
