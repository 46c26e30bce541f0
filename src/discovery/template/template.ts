// The public face of the template evaluator: compile once (cached), render many times, and tell when a
// template only reads one field, so a widget can select that field itself.
import { TemplateError } from './template-error.js';
import { filters, functions, methods, tests } from './template-filters.js';
import { renderNodes, type TemplateVariables } from './template-interpreter.js';
import { parseTemplate } from './template-parser.js';
import { childrenOf } from './template-parser.js';
import type { Expr, TemplateNode } from './template-syntax.js';
import { Undefined } from './template-values.js';

export { TemplateError, templateLimits } from './template-error.js';
export type { TemplateVariables } from './template-interpreter.js';

export interface CompiledTemplate {
  readonly source: string;
  /** Renders the template to text, as Home Assistant does; throws a TemplateError. */
  render(variables: TemplateVariables): string;
  /**
   * Set when the whole template is `{{ value }}` (an empty path) or reads one field of `value_json`
   * with fixed keys (`{{ value_json.a['b-c'][0] }}`): the keys, in order.
   */
  readonly fieldPath: readonly (string | number)[] | undefined;
}

const cache = new Map<string, CompiledTemplate>();
const cacheSize = 512;

/** Parses a template, or returns the one parsed before. Throws a TemplateError naming the problem. */
export function compileTemplate(source: string): CompiledTemplate {
  const known = cache.get(source);
  if (known) return known;
  const nodes = parseTemplate(source);
  for (const node of nodes) checkSupported(node);
  const compiled: CompiledTemplate = {
    source,
    render: (variables) => renderNodes(nodes, variables),
    fieldPath: fieldPathOf(nodes),
  };
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

/** Compiles and reports instead of throwing: the error's message, or undefined when it compiles. */
export function templateProblem(source: string): TemplateError | undefined {
  try {
    compileTemplate(source);
    return undefined;
  } catch (err) {
    return err instanceof TemplateError ? err : new TemplateError(String(err));
  }
}

/**
 * The variables of a value template for one payload: `value` (the text) and `value_json` (parsed only
 * when the template reads it; undefined when the payload is not JSON), plus any `extra`.
 */
export function payloadVariables(text: string, extra: Record<string, unknown> = {}): TemplateVariables {
  let parsed: { value: unknown } | undefined;
  const variables: Record<string, unknown> = { ...extra, value: text };
  Object.defineProperty(variables, 'value_json', {
    enumerable: true,
    get() {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          parsed = { value: new Undefined('value_json (the payload is not JSON)') };
        }
      }
      return parsed.value;
    },
  });
  return Object.freeze(variables);
}

function fieldPathOf(nodes: TemplateNode[]): (string | number)[] | undefined {
  const outputs = nodes.filter((node) => !(node.type === 'text' && node.text.trim() === ''));
  if (outputs.length !== 1 || outputs[0]!.type !== 'output') return undefined;
  // Whitespace around the output would be part of the text; Home Assistant strips it, and so may we.
  return pathOf(outputs[0]!.expr);
}

function pathOf(expr: Expr): (string | number)[] | undefined {
  if (expr.type === 'name') return expr.name === 'value' ? [] : undefined;
  const keys: (string | number)[] = [];
  let node: Expr = expr;
  while (node.type === 'attr' || node.type === 'index') {
    if (node.type === 'attr') keys.unshift(/^\d+$/.test(node.name) ? Number(node.name) : node.name);
    else if (
      node.index.type === 'literal' &&
      (typeof node.index.value === 'string' || typeof node.index.value === 'number')
    ) {
      keys.unshift(node.index.value);
    } else return undefined;
    node = node.object;
  }
  if (node.type !== 'name' || node.name !== 'value_json' || keys.length === 0) return undefined;
  if (keys.some((key) => typeof key === 'number' && (!Number.isInteger(key) || key < 0))) return undefined;
  return keys;
}

/**
 * Refuses, when the template is compiled, every filter, test, function and method outside the whitelist,
 * so an entity says what it cannot use as soon as its config arrives rather than at its first message.
 */
function checkSupported(node: TemplateNode | Expr): void {
  // Inner parts first: in `now().strftime()` the part to name is `now()`.
  for (const child of childrenOf(node)) checkSupported(child);
  switch (node.type) {
    case 'filter':
      if (!Object.hasOwn(filters, node.name)) {
        throw new TemplateError(`The filter "|${node.name}" is not supported.`, `|${node.name}`);
      }
      break;
    case 'test':
      if (!Object.hasOwn(tests, node.name)) {
        throw new TemplateError(`The test "is ${node.name}" is not supported.`, `is ${node.name}`);
      }
      break;
    case 'call':
      if (node.callee.type === 'name' && !Object.hasOwn(functions, node.callee.name)) {
        throw new TemplateError(
          `The function "${node.callee.name}()" is not supported.`,
          `${node.callee.name}()`,
        );
      }
      if (
        node.callee.type === 'attr' &&
        !Object.hasOwn(methods.string, node.callee.name) &&
        !Object.hasOwn(methods.mapping, node.callee.name)
      ) {
        throw new TemplateError(
          `The method ".${node.callee.name}()" is not supported.`,
          `.${node.callee.name}()`,
        );
      }
      if (node.callee.type !== 'name' && node.callee.type !== 'attr') {
        throw new TemplateError('Only named functions and methods can be called.', 'call');
      }
      break;
  }
}
