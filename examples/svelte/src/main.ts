import { mount } from 'svelte';
// Registers every <mqtt-*> tag; the types come from "mqtt-elements/svelte" in tsconfig.app.json.
import 'mqtt-elements/define.js';
import './app.css';
import App from './App.svelte';

const app = mount(App, {
  target: document.getElementById('app')!,
});

export default app;
