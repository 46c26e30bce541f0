// Walks a parsed template over a set of variables. It reads only JSON data that the variables hold:
// own keys of plain objects, list items, characters of text. Nothing reaches a prototype, a function
// or a global, and every evaluation is bounded in steps and in the size of what it builds.
import { TemplateError, templateLimits } from './template-error.js';
import { filters, functions, methods, tests } from './template-filters.js';
import type { Expr, TemplateNode } from './template-syntax.js';
import {
  describe,
  equal,
  isMapping,
  isUndefined,
  limitText,
  order,
  textOf,
  truthy,
  Undefined,
} from './template-values.js';

/** The variables a template sees, by name (`value`, `value_json`, …). Getters are read only when used. */
export type TemplateVariables = Readonly<Record<string, unknown>>;

export function renderNodes(nodes: TemplateNode[], variables: TemplateVariables): string {
  const run = { steps: 0, variables };
  let out = '';
  const write = (text: string) => {
    out += text;
    if (out.length > templateLimits.maxOutput) limitText(out);
  };
  renderBody(nodes, run, write);
  return out;
}

interface Run {
  steps: number;
  variables: TemplateVariables;
}

function renderBody(nodes: TemplateNode[], run: Run, write: (text: string) => void): void {
  for (const node of nodes) {
    if (node.type === 'text') write(node.text);
    else if (node.type === 'output') write(textOf(evaluate(node.expr, run)));
    else {
      const branch = node.branches.find((b) => truthy(evaluate(b.test, run)));
      const body = branch ? branch.body : node.otherwise;
      if (body) renderBody(body, run, write);
    }
  }
}

/** Evaluates one expression. Exported for tests of single expressions. */
export function evaluate(expr: Expr, run: Run): unknown {
  if (++run.steps > templateLimits.maxSteps) {
    throw new TemplateError(`The template needs more than ${templateLimits.maxSteps} steps.`);
  }
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'name':
      return Object.hasOwn(run.variables, expr.name) ? run.variables[expr.name] : new Undefined(expr.name);
    case 'list':
      return expr.items.map((item) => evaluate(item, run));
    case 'attr':
      return member(evaluate(expr.object, run), expr.name, nameOf(expr.object), true);
    case 'index':
      return member(evaluate(expr.object, run), evaluate(expr.index, run), nameOf(expr.object), false);
    case 'call':
      return call(expr, run);
    case 'filter': {
      if (!Object.hasOwn(filters, expr.name)) {
        throw new TemplateError(`The filter "|${expr.name}" is not supported.`, `|${expr.name}`);
      }
      const value = evaluate(expr.value, run);
      const args = expr.args.map((arg) => evaluate(arg, run));
      // A filter on an undefined value fails (as in Jinja), except those meant for it.
      if (isUndefined(value) && !['default', 'd', 'is_defined', 'string'].includes(expr.name)) {
        throw new TemplateError(`|${expr.name}: ${value.what} is not defined.`);
      }
      return filters[expr.name]!(value, args);
    }
    case 'test': {
      if (!Object.hasOwn(tests, expr.name)) {
        throw new TemplateError(`The test "is ${expr.name}" is not supported.`, `is ${expr.name}`);
      }
      const result = tests[expr.name]!(
        evaluate(expr.value, run),
        expr.args.map((arg) => evaluate(arg, run)),
      ) as boolean;
      return expr.negated ? !result : result;
    }
    case 'unary': {
      const operand = evaluate(expr.operand, run);
      if (expr.op === 'not') return !truthy(operand);
      const number = arithmeticOperand(operand, expr.op);
      return expr.op === '-' ? -number : number;
    }
    case 'binary':
      return binary(expr, run);
    case 'compare': {
      let left = evaluate(expr.first, run);
      for (const [op, rightExpr] of expr.rest) {
        const right = evaluate(rightExpr, run);
        if (!compare(op, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'cond':
      if (truthy(evaluate(expr.test, run))) return evaluate(expr.then, run);
      return expr.otherwise ? evaluate(expr.otherwise, run) : new Undefined('the else branch');
  }
}

/** A readable name for what an expression reads, for messages: `value_json.a`. */
function nameOf(expr: Expr): string {
  if (expr.type === 'name') return expr.name;
  if (expr.type === 'attr') return `${nameOf(expr.object)}.${expr.name}`;
  if (expr.type === 'index') {
    const key = expr.index.type === 'literal' ? JSON.stringify(expr.index.value) : '…';
    return `${nameOf(expr.object)}[${key}]`;
  }
  return 'the value';
}

function member(object: unknown, key: unknown, objectName: string, isAttribute: boolean): unknown {
  const what = isAttribute ? `${objectName}.${String(key)}` : `${objectName}[${JSON.stringify(key)}]`;
  if (isAttribute && typeof key === 'string' && key.startsWith('__')) {
    // Python's internals (`__class__`, `__proto__`, `__globals__`) are what sandbox escapes go through.
    throw new TemplateError(`${what}: names starting with "__" are not readable.`, key);
  }
  if (isUndefined(object)) {
    throw new TemplateError(`${object.what} is not defined, so ${what} cannot be read.`);
  }
  if (isMapping(object)) {
    const name = typeof key === 'number' ? String(key) : key;
    return typeof name === 'string' && Object.hasOwn(object, name) ? object[name] : new Undefined(what);
  }
  if (Array.isArray(object) || typeof object === 'string') {
    const index = typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key;
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      if (typeof object === 'string' && typeof key === 'string' && Object.hasOwn(methods.string, key)) {
        throw new TemplateError(`${what} is a method: call it, as in ${what}().`);
      }
      return new Undefined(what);
    }
    const item = index < 0 ? object.length + index : index;
    return item >= 0 && item < object.length ? object[item] : new Undefined(what);
  }
  return new Undefined(what);
}

function call(expr: Extract<Expr, { type: 'call' }>, run: Run): unknown {
  const args = expr.args.map((arg) => evaluate(arg, run));
  if (expr.callee.type === 'name') {
    const name = expr.callee.name;
    if (!Object.hasOwn(functions, name)) {
      throw new TemplateError(`The function "${name}()" is not supported.`, `${name}()`);
    }
    return functions[name]!(args);
  }
  if (expr.callee.type === 'attr') {
    const receiver = evaluate(expr.callee.object, run);
    const name = expr.callee.name;
    const kind = typeof receiver === 'string' ? 'string' : isMapping(receiver) ? 'mapping' : undefined;
    if (kind && Object.hasOwn(methods[kind], name)) return methods[kind][name]!(receiver, args);
    if (isUndefined(receiver)) {
      throw new TemplateError(`${receiver.what} is not defined, so .${name}() cannot be called.`);
    }
    throw new TemplateError(`The method ".${name}()" does not apply to ${describe(receiver)}.`, `.${name}()`);
  }
  throw new TemplateError('Only named functions and methods can be called.', 'call');
}

function binary(expr: Extract<Expr, { type: 'binary' }>, run: Run): unknown {
  const left = evaluate(expr.left, run);
  // `and` / `or` give one of their operands, and skip the right one when the left decides.
  if (expr.op === 'and') return truthy(left) ? evaluate(expr.right, run) : left;
  if (expr.op === 'or') return truthy(left) ? left : evaluate(expr.right, run);
  const right = evaluate(expr.right, run);
  switch (expr.op) {
    case '~':
      return limitText(textOf(left) + textOf(right));
    case '+':
      if (typeof left === 'string' && typeof right === 'string') return limitText(left + right);
      if (Array.isArray(left) && Array.isArray(right)) {
        if (left.length + right.length > templateLimits.maxOutput)
          limitText('x'.repeat(templateLimits.maxOutput + 1));
        return [...left, ...right];
      }
      return arithmeticOperand(left, '+') + arithmeticOperand(right, '+');
    case '*':
      if (typeof left === 'string' || typeof right === 'string') return repeat(left, right);
      return arithmeticOperand(left, '*') * arithmeticOperand(right, '*');
    case '-':
      return arithmeticOperand(left, '-') - arithmeticOperand(right, '-');
    case '/': {
      const divisor = arithmeticOperand(right, '/');
      if (divisor === 0) throw new TemplateError('Division by zero.');
      return arithmeticOperand(left, '/') / divisor;
    }
    case '//': {
      const divisor = arithmeticOperand(right, '//');
      if (divisor === 0) throw new TemplateError('Division by zero.');
      return Math.floor(arithmeticOperand(left, '//') / divisor);
    }
    case '%': {
      const divisor = arithmeticOperand(right, '%');
      if (divisor === 0) throw new TemplateError('Modulo by zero.');
      const dividend = arithmeticOperand(left, '%');
      // Python's modulo takes the divisor's sign.
      return ((dividend % divisor) + divisor) % divisor;
    }
    case '**':
      return arithmeticOperand(left, '**') ** arithmeticOperand(right, '**');
  }
}

function repeat(left: unknown, right: unknown): string {
  const [textPart, count] = typeof left === 'string' ? [left, right] : [right as string, left];
  const times = typeof count === 'number' && Number.isInteger(count) ? Math.max(0, count) : NaN;
  if (Number.isNaN(times))
    throw new TemplateError(`Text can only be repeated a whole number of times, not ${describe(count)}.`);
  if (textPart.length * times > templateLimits.maxOutput)
    return limitText('x'.repeat(templateLimits.maxOutput + 1));
  return textPart.repeat(times);
}

/** Arithmetic takes numbers and booleans only, as Python does: `"3" + 1` is an error, not "31" or 4. */
function arithmeticOperand(value: unknown, op: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  if (isUndefined(value)) throw new TemplateError(`"${op}": ${value.what} is not defined.`);
  throw new TemplateError(
    `"${op}" needs numbers, not ${describe(value)}${typeof value === 'string' ? ' (convert it with |float or |int)' : ''}.`,
  );
}

function compare(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
    default:
      return order(left, right, op as '<' | '<=' | '>' | '>=');
  }
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return container.includes(textOf(item));
  if (Array.isArray(container)) return container.some((entry) => equal(entry, item));
  if (isMapping(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw new TemplateError(`"in" needs a list, text or object on its right, not ${describe(container)}.`);
}
