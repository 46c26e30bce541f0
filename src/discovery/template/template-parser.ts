// Parses the supported Jinja subset into a syntax tree, refusing by name whatever lies outside it.
// Precedence follows Jinja's: `x if c else y` < or < and < not < comparisons and tests < + - < ~ <
// * / // % < ** < unary minus < filters and postfix (`.a`, `[i]`, calls).
import { TemplateError, templateLimits } from './template-error.js';
import { splitTemplate, type Segment, type Token } from './template-lexer.js';
import type { BinaryOp, CompareOp, Expr, TemplateNode } from './template-syntax.js';

/** Statements a template may use; any other `{% … %}` is named in the error. */
const blockWords = new Set(['if', 'elif', 'else', 'endif']);
const constants: Record<string, unknown> = {
  true: true,
  True: true,
  false: false,
  False: false,
  none: null,
  None: null,
};

/** Parses a whole template. Throws a TemplateError that says where and what. */
export function parseTemplate(source: string): TemplateNode[] {
  if (source.length > templateLimits.maxLength) {
    throw new TemplateError(
      `The template is ${source.length} characters long; at most ${templateLimits.maxLength} are read.`,
    );
  }
  const segments = splitTemplate(source);
  let index = 0;
  let blockDepth = 0;

  const body = parseBody([]);
  if (index < segments.length) {
    const segment = segments[index] as Extract<Segment, { kind: 'statement' }>;
    throw new TemplateError(`"{% ${segment.tokens[0]!.text} %}" without a matching "{% if %}".`);
  }
  for (const node of body) checkDepth(node, 0);
  return body;

  /** Nodes up to (not including) a statement named in `stops`. */
  function parseBody(stops: string[]): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    while (index < segments.length) {
      const segment = segments[index]!;
      if (segment.kind === 'text') {
        nodes.push({ type: 'text', text: segment.text });
        index++;
      } else if (segment.kind === 'output') {
        nodes.push({ type: 'output', expr: parseCode(segment.tokens, 0) });
        index++;
      } else {
        const word = segment.tokens[0]!;
        if (word.kind !== 'name' || !blockWords.has(word.text)) {
          const name = word.kind === 'end' ? '' : word.text;
          throw new TemplateError(
            `"{% ${name} %}" is not supported: only {% if %}, {% elif %}, {% else %} and {% endif %} are.`,
            `{% ${name} %}`,
          );
        }
        if (stops.includes(word.text)) return nodes;
        if (word.text !== 'if') {
          throw new TemplateError(
            `"{% ${word.text} %}" at character ${segment.at + 1} has no "{% if %}" before it.`,
          );
        }
        nodes.push(parseIf(segment));
      }
    }
    if (stops.length > 0) throw new TemplateError('"{% if %}" is never closed with "{% endif %}".');
    return nodes;
  }

  function parseIf(first: Extract<Segment, { kind: 'statement' }>): TemplateNode {
    if (++blockDepth > templateLimits.maxDepth) {
      throw new TemplateError(`Blocks are nested more than ${templateLimits.maxDepth} deep.`);
    }
    const branches: { test: Expr; body: TemplateNode[] }[] = [];
    let otherwise: TemplateNode[] | undefined;
    let statement = first;
    for (;;) {
      const word = statement.tokens[0]!.text;
      index++;
      if (word === 'if' || word === 'elif') {
        const test = parseCode(statement.tokens, 1);
        branches.push({ test, body: parseBody(['elif', 'else', 'endif']) });
      } else if (word === 'else') {
        expectOnly(statement, 1);
        otherwise = parseBody(['elif', 'else', 'endif']);
        if (segments[index] && (segments[index] as { tokens: Token[] }).tokens[0]!.text !== 'endif') {
          throw new TemplateError('"{% else %}" must be the last branch before "{% endif %}".');
        }
      } else {
        expectOnly(statement, 1);
        blockDepth--;
        return { type: 'if', branches, otherwise };
      }
      statement = segments[index] as Extract<Segment, { kind: 'statement' }>;
      if (!statement) throw new TemplateError('"{% if %}" is never closed with "{% endif %}".');
    }
  }

  function expectOnly(statement: Extract<Segment, { kind: 'statement' }>, count: number) {
    const extra = statement.tokens[count]!;
    if (extra.kind !== 'end') {
      throw new TemplateError(`Unexpected "${extra.text}" after "{% ${statement.tokens[0]!.text}".`);
    }
  }
}

/** Parses one expression from `tokens[start]` to the end. */
export function parseCode(tokens: Token[], start: number): Expr {
  let pos = start;
  let depth = 0;
  const expr = condition();
  const rest = peek();
  if (rest.kind !== 'end') {
    throw new TemplateError(`Unexpected "${rest.text}" at character ${rest.at + 1}.`);
  }
  return expr;

  function peek(offset = 0): Token {
    return tokens[Math.min(pos + offset, tokens.length - 1)]!;
  }
  function next(): Token {
    const token = peek();
    if (token.kind !== 'end') pos++;
    return token;
  }
  function isOp(text: string, offset = 0): boolean {
    const token = peek(offset);
    return token.kind === 'op' && token.text === text;
  }
  function isWord(text: string, offset = 0): boolean {
    const token = peek(offset);
    return token.kind === 'name' && token.text === text;
  }
  function expectOp(text: string): void {
    const token = next();
    if (token.kind !== 'op' || token.text !== text) {
      throw new TemplateError(
        `Expected "${text}" at character ${token.at + 1}, found ${token.kind === 'end' ? 'the end' : `"${token.text}"`}.`,
      );
    }
  }
  function enter(): void {
    if (++depth > templateLimits.maxDepth) {
      throw new TemplateError(`The expression is nested more than ${templateLimits.maxDepth} deep.`);
    }
  }

  function condition(): Expr {
    enter();
    let expr = or();
    while (isWord('if')) {
      next();
      const test = or();
      let otherwise: Expr | undefined;
      if (isWord('else')) {
        next();
        otherwise = or();
      }
      expr = { type: 'cond', test, then: expr, otherwise };
    }
    depth--;
    return expr;
  }
  function or(): Expr {
    let left = and();
    while (isWord('or')) {
      next();
      left = { type: 'binary', op: 'or', left, right: and() };
    }
    return left;
  }
  function and(): Expr {
    let left = not();
    while (isWord('and')) {
      next();
      left = { type: 'binary', op: 'and', left, right: not() };
    }
    return left;
  }
  function not(): Expr {
    if (isWord('not')) {
      next();
      enter();
      const operand = not();
      depth--;
      return { type: 'unary', op: 'not', operand };
    }
    return compare();
  }
  function compare(): Expr {
    const first = sum();
    const rest: [CompareOp, Expr][] = [];
    for (;;) {
      const token = peek();
      if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
        next();
        rest.push([token.text as CompareOp, sum()]);
      } else if (isWord('in')) {
        next();
        rest.push(['in', sum()]);
      } else if (isWord('not') && isWord('in', 1)) {
        next();
        next();
        rest.push(['not in', sum()]);
      } else break;
    }
    return rest.length === 0 ? first : { type: 'compare', first, rest };
  }
  function sum(): Expr {
    let left = concat();
    while (isOp('+') || isOp('-')) {
      const op = next().text as BinaryOp;
      left = { type: 'binary', op, left, right: concat() };
    }
    return left;
  }
  function concat(): Expr {
    let left = product();
    while (isOp('~')) {
      next();
      left = { type: 'binary', op: '~', left, right: product() };
    }
    return left;
  }
  function product(): Expr {
    let left = power();
    while (isOp('*') || isOp('/') || isOp('//') || isOp('%')) {
      const op = next().text as BinaryOp;
      left = { type: 'binary', op, left, right: power() };
    }
    return left;
  }
  function power(): Expr {
    let left = unary();
    while (isOp('**')) {
      next();
      left = { type: 'binary', op: '**', left, right: unary() };
    }
    return left;
  }
  function unary(): Expr {
    if (isOp('-') || isOp('+')) {
      const op = next().text as '-' | '+';
      enter();
      const operand = unary();
      depth--;
      return filtersAndTests({ type: 'unary', op, operand });
    }
    return filtersAndTests(postfix(primary()));
  }
  function filtersAndTests(value: Expr): Expr {
    for (;;) {
      if (isOp('|')) {
        next();
        const name = expectName('a filter name after "|"');
        const args = isOp('(') ? callArguments() : [];
        value = { type: 'filter', value, name, args };
      } else if (isWord('is')) {
        next();
        let negated = false;
        if (isWord('not')) {
          next();
          negated = true;
        }
        const name = expectName('a test name after "is"');
        let args: Expr[] = [];
        if (isOp('(')) args = callArguments();
        else if (peek().kind === 'number' || peek().kind === 'string') args = [primary()];
        value = { type: 'test', value, name, args, negated };
      } else return value;
    }
  }
  function postfix(object: Expr): Expr {
    for (;;) {
      if (isOp('.')) {
        next();
        const token = next();
        if (token.kind !== 'name' && token.kind !== 'number') {
          throw new TemplateError(`Expected a name after "." at character ${token.at + 1}.`);
        }
        object = { type: 'attr', object, name: token.text };
      } else if (isOp('[')) {
        next();
        const index = condition();
        if (isOp(':')) throw new TemplateError('Slices ("[a:b]") are not supported.', 'slice');
        expectOp(']');
        object = { type: 'index', object, index };
      } else if (isOp('(')) {
        object = { type: 'call', callee: object, args: callArguments() };
      } else return object;
    }
  }
  function callArguments(): Expr[] {
    expectOp('(');
    enter();
    const args: Expr[] = [];
    while (!isOp(')')) {
      if (peek().kind === 'name' && isOp('=', 1)) {
        throw new TemplateError(
          `Keyword arguments ("${peek().text}=…") are not supported; pass the value by position.`,
          'keyword argument',
        );
      }
      args.push(condition());
      if (!isOp(',')) break;
      next();
    }
    expectOp(')');
    depth--;
    return args;
  }
  function expectName(what: string): string {
    const token = next();
    if (token.kind !== 'name') throw new TemplateError(`Expected ${what} at character ${token.at + 1}.`);
    return token.text;
  }
  function primary(): Expr {
    const token = next();
    if (token.kind === 'number') return { type: 'literal', value: token.number };
    if (token.kind === 'string') {
      // Adjacent strings join, as in Python.
      let text = token.text;
      while (peek().kind === 'string') text += next().text;
      return { type: 'literal', value: text };
    }
    if (token.kind === 'name') {
      if (Object.hasOwn(constants, token.text)) return { type: 'literal', value: constants[token.text] };
      return { type: 'name', name: token.text };
    }
    if (token.kind === 'op' && token.text === '(') {
      const inner = condition();
      if (isOp(',')) throw new TemplateError('Tuples are not supported.', 'tuple');
      expectOp(')');
      return inner;
    }
    if (token.kind === 'op' && token.text === '[') {
      enter();
      const items: Expr[] = [];
      while (!isOp(']')) {
        items.push(condition());
        if (!isOp(',')) break;
        next();
      }
      expectOp(']');
      depth--;
      return { type: 'list', items };
    }
    if (token.kind === 'op' && token.text === '{') {
      throw new TemplateError('Dictionary literals ("{…}") are not supported.', 'dict literal');
    }
    throw new TemplateError(
      token.kind === 'end'
        ? 'The expression ends too early.'
        : `Unexpected "${token.text}" at character ${token.at + 1}.`,
    );
  }
}

/** Throws when a chain such as `a + a + a + …` makes the tree deeper than allowed. */
function checkDepth(node: TemplateNode | Expr, depth: number): void {
  if (depth > templateLimits.maxDepth * 4) {
    throw new TemplateError(`The template is nested more than ${templateLimits.maxDepth * 4} levels deep.`);
  }
  for (const child of childrenOf(node)) checkDepth(child, depth + 1);
}

/** The direct children of a node, for walks over the tree. */
export function childrenOf(node: TemplateNode | Expr): (TemplateNode | Expr)[] {
  switch (node.type) {
    case 'text':
    case 'literal':
    case 'name':
      return [];
    case 'output':
      return [node.expr];
    case 'if':
      return [...node.branches.flatMap((b) => [b.test, ...b.body]), ...(node.otherwise ?? [])];
    case 'list':
      return node.items;
    case 'attr':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'call':
      return [node.callee, ...node.args];
    case 'filter':
      return [node.value, ...node.args];
    case 'test':
      return [node.value, ...node.args];
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'compare':
      return [node.first, ...node.rest.map(([, e]) => e)];
    case 'cond':
      return [node.test, node.then, ...(node.otherwise ? [node.otherwise] : [])];
  }
}
