import { createApp } from 'vue';
// Registers every <mqtt-*> tag; the types come from "mqtt-elements/vue" in tsconfig.app.json.
import 'mqtt-elements/define.js';
import './style.css';
import App from './App.vue';

createApp(App).mount('#app');
