// The agent console's entry (built by Vite into dist-web/, see vite.config.ts).
import '../ui/base.css';
import '../ui/controls.css';
import '../ui/badges.css';
import './styles/index.css';
import { h, render } from 'preact';
import { App } from './App.js';

const root = document.getElementById('app');
if (root) render(h(App, null), root);
