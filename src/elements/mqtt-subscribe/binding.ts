// What a `bind` attribute of <mqtt-subscribe> asks for, read once when it changes.
import { customPropertyName, sinkVerdict } from './payload-sinks.js';

export type Binding =
  | { kind: 'text' }
  | { kind: 'attr'; name: string }
  | { kind: 'css'; name: string }
  | { kind: 'prop'; name: string };

/** An attribute name `setAttribute` accepts (it throws on anything else, on every update). */
const attributeName = /^[A-Za-z_][\w.:-]*$/;
const propertyName = /^[A-Za-z_$][\w$]*$/;

/** The binding `bind` describes, or why it is refused (a sentence without a full stop). */
export function parseBinding(bind: string): Binding | string {
  if (bind === 'text') return { kind: 'text' };
  if (bind.startsWith('attr:')) {
    const name = bind.slice(5);
    if (!attributeName.test(name)) return `"${name}" is not an attribute name`;
    const verdict = sinkVerdict('', name);
    return verdict.allowed ? { kind: 'attr', name } : `the attribute "${name}" ${reason(verdict.why)}`;
  }
  if (bind.startsWith('css:')) {
    const name = customPropertyName(bind.slice(4));
    return name ? { kind: 'css', name } : `"${bind.slice(4)}" is not a CSS custom property name (--name)`;
  }
  if (!propertyName.test(bind)) return `"${bind}" is not a property name`;
  const verdict = sinkVerdict('', bind);
  return verdict.allowed ? { kind: 'prop', name: bind } : `the property "${bind}" ${reason(verdict.why)}`;
}

/** The policy's reasons read "it is …"; here the sink is named instead of "it". */
function reason(why: string): string {
  return why.replace(/^it /, '');
}
