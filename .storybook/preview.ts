/// <reference types="vite/client" />
// What every story shares: the elements registered, docs and controls from custom-elements.json, and
// the "Broker URL" global that all stories connect to.
import { setCustomElementsManifest, type ArgTypes, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/define.js';
import { DEFAULT_BROKER_URL } from '../stories/support/broker-url.js';
import { attributeControls } from './attribute-controls.js';
import { manifestForDocs } from './docs-manifest.js';

setCustomElementsManifest(manifestForDocs(manifest));

/**
 * The broker for this page: `?broker=` on the preview URL (the story check uses it when the embedded
 * broker runs on other ports), else the URL `npm run storybook` started its broker on, else the default.
 */
function initialBrokerUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('broker');
  return fromQuery || import.meta.env.STORYBOOK_BROKER_URL || DEFAULT_BROKER_URL;
}

/** The tables' sections in reading order: what a page author writes first, styling hooks last. */
const categoryOrder = [
  'attributes',
  'properties',
  'events',
  'slots',
  'css custom properties',
  'css shadow parts',
];

/**
 * Stories set args as attributes (stories/support/attributes.ts), so only attributes get a control;
 * properties, events, slots, parts and custom properties are listed for reading. Sections are ordered
 * by `categoryOrder` rather than as the manifest happens to list them.
 */
function attributesFirst({ argTypes }: { argTypes: ArgTypes }): ArgTypes {
  const rank = (name: string) => {
    const index = categoryOrder.indexOf(String(argTypes[name].table?.category ?? 'attributes'));
    return index === -1 ? categoryOrder.length : index;
  };
  const names = Object.keys(argTypes).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(
    names.map((name) => {
      const argType = argTypes[name];
      const category = argType.table?.category;
      return [
        name,
        category && category !== 'attributes' ? { ...argType, control: false as const } : argType,
      ];
    }),
  );
}

const preview: Preview = {
  tags: ['autodocs'],
  argTypesEnhancers: [attributeControls, attributesFirst],
  globalTypes: {
    // No `toolbar` entry: a menu can only offer fixed choices, so the manager's text field
    // (.storybook/manager.ts) edits this global instead.
    brokerUrl: {
      name: 'Broker URL',
      description: 'The MQTT-over-WebSocket URL every story connects to.',
    },
  },
  initialGlobals: { brokerUrl: initialBrokerUrl() },
  parameters: {
    controls: { expanded: true },
    layout: 'padded',
  },
};

export default preview;
