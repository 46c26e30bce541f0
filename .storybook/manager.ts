// The toolbar's "Broker URL" field: a free-text global (Storybook's toolbar menus offer fixed choices
// only), remembered in this browser so a visitor's own broker survives a reload.
import React from 'react';
import { addons, types, useGlobals } from 'storybook/manager-api';

const ADDON_ID = 'mqtt-elements/broker-url';
const STORAGE_KEY = 'mqtt-elements:broker-url';
const h = React.createElement;

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be blocked (private windows, strict cookie settings)
  }
}

function remember(url: string | null): void {
  try {
    if (url === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, url);
  } catch {
    // not remembered; the field still works for this visit
  }
}

function BrokerUrlTool() {
  const [globals, updateGlobals] = useGlobals();
  const current = typeof globals.brokerUrl === 'string' ? globals.brokerUrl : '';
  const [draft, setDraft] = React.useState(current);
  const initial = React.useRef<string | null>(null);

  React.useEffect(() => {
    if (!current) return;
    // The first value is the preview's default; a URL remembered from an earlier visit replaces it.
    if (initial.current === null) {
      initial.current = current;
      const saved = remembered();
      if (saved && saved !== current) {
        updateGlobals({ brokerUrl: saved });
        return;
      }
    }
    setDraft(current);
  }, [current]);

  const apply = () => {
    const url = draft.trim() || initial.current || '';
    setDraft(url);
    if (url === current) return;
    updateGlobals({ brokerUrl: url });
    remember(url === initial.current ? null : url);
  };

  return h(
    'form',
    {
      onSubmit: (event: Event) => {
        event.preventDefault();
        apply();
      },
      style: { display: 'flex', alignItems: 'center', gap: 6, padding: '0 6px', fontSize: 12 },
      title:
        'Every story connects to this broker (MQTT over WebSocket). Press Enter to apply; empty restores the default.',
    },
    h('label', { htmlFor: `${ADDON_ID}/input`, style: { whiteSpace: 'nowrap' } }, 'Broker URL'),
    h('input', {
      id: `${ADDON_ID}/input`,
      value: draft,
      spellCheck: false,
      placeholder: initial.current ?? '',
      onChange: (event: { target: HTMLInputElement }) => setDraft(event.target.value),
      onBlur: apply,
      style: {
        width: 230,
        font: 'inherit',
        padding: '3px 6px',
        border: '1px solid rgba(128,128,128,0.45)',
        borderRadius: 4,
        background: 'transparent',
        color: 'inherit',
      },
    }),
  );
}

addons.register(ADDON_ID, () => {
  addons.add(`${ADDON_ID}/tool`, {
    type: types.TOOL,
    title: 'Broker URL',
    match: ({ viewMode }) => viewMode === 'story' || viewMode === 'docs',
    render: BrokerUrlTool,
  });
});
