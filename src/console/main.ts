// The agent console's entry (built by Vite into dist-web/, see vite.config.ts).
import '../ui/base.css';
import './public/console.css';
import './public/console.js';
