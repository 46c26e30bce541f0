// Registers every tag, and lets elements that upgrade before their <mqtt-connection> still find it.
import { ContextRoot } from '@lit/context';
import './elements/mqtt-connection/define.js';
import './elements/mqtt-status/define.js';
import './elements/mqtt-subscribe/define.js';
import './elements/mqtt-publish/define.js';
import './elements/mqtt-switch/define.js';
import './elements/mqtt-slider/define.js';
import './elements/mqtt-gauge/define.js';
import './elements/mqtt-log/define.js';

const contextRootAttached = Symbol.for('mqtt-elements/context-root');
const globals = globalThis as typeof globalThis & { [contextRootAttached]?: boolean };
if (!globals[contextRootAttached] && typeof document !== 'undefined') {
  // A context request made before its provider is defined is replayed once the provider appears.
  new ContextRoot().attach(document.documentElement);
  globals[contextRootAttached] = true;
}

export * from './index.js';
