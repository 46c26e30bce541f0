// Picks the control for each attribute from its documented type. Storybook offers a JSON editor for any
// type it does not know, which is every `string | undefined`, every named type and every union; an
// attribute is text in HTML, so those get a text field, a number field, a checkbox or a menu.
import type { ArgTypes, InputType } from '@storybook/web-components-vite';

/**
 * The named types attributes use, spelled out: custom-elements.json keeps the name only. A named type
 * missing here still gets a text field.
 */
const namedTypes: Record<string, string> = {
  QoS: '0 | 1 | 2',
  PayloadFormat: "'auto' | 'text' | 'json' | 'number' | 'boolean' | 'hex' | 'base64'",
  LogFormat: "'auto' | 'text' | 'json' | 'hex'",
  ConnectionStatus: "'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error' | 'closed'",
};

/** `'a' | 'b'` or `4 | 5` as a list of options, or undefined when the type is not such a union. */
function literalOptions(type: string): (string | number)[] | undefined {
  const parts = type.split('|').map((part) => part.trim());
  if (parts.every((part) => /^'[^']*'$/.test(part))) return parts.map((part) => part.slice(1, -1));
  if (parts.every((part) => /^-?\d+(\.\d+)?$/.test(part))) return parts.map(Number);
  return undefined;
}

/** The control for an attribute of documented type `typeText` (e.g. `number | undefined`). */
export function controlFor(typeText: string | undefined): InputType['control'] {
  const withoutEmpty = (typeText ?? 'string')
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== 'undefined' && part !== 'null')
    .join(' | ');
  const type = namedTypes[withoutEmpty] ?? withoutEmpty;
  if (type === 'number') return { type: 'number' };
  if (type === 'boolean') return { type: 'boolean' };
  const options = literalOptions(type);
  if (options) return { type: 'select', options } as InputType['control'];
  return { type: 'text' };
}

/**
 * Gives every attribute row without a control of its own (a story may choose one) the control its type
 * calls for; other rows are left as they are.
 */
export function attributeControls({ argTypes }: { argTypes: ArgTypes }): ArgTypes {
  return Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      const category = argType.table?.category ?? 'attributes';
      // Event rows carry an action and no table row of their own: they need no control.
      const isAttribute = category === 'attributes' && !argType.action && !argType.table?.disable;
      if (!isAttribute || argType.control !== undefined) return [name, argType];
      const typeText = argType.table?.type?.summary;
      return [name, { ...argType, control: controlFor(typeText) }];
    }),
  );
}
