import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Registers every <mqtt-*> tag; the types come from "mqtt-elements/react" in tsconfig.app.json.
import 'mqtt-elements/define.js';
import './index.css';
import App from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
