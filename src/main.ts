// First: the engine starts while the rest of the page's script runs and the app renders.
import './start-engine';
import { mount } from 'svelte';
import App from './App.svelte';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });

// The service worker (sw.js, made at build time) keeps the app in the browser's cache: later
// visits start from it, and the app works offline. Without one, the app works as before.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
      console.warn('The app is not kept for offline use:', error);
    });
  });
}
