// The syntax tree of a template: what the parser builds and the interpreter walks. Plain data only.

export type Expr =
  | { type: 'literal'; value: unknown }
  | { type: 'name'; name: string }
  | { type: 'list'; items: Expr[] }
  | { type: 'attr'; object: Expr; name: string }
  | { type: 'index'; object: Expr; index: Expr }
  | { type: 'call'; callee: Expr; args: Expr[] }
  | { type: 'filter'; value: Expr; name: string; args: Expr[] }
  | { type: 'test'; value: Expr; name: string; args: Expr[]; negated: boolean }
  | { type: 'unary'; op: 'not' | '-' | '+'; operand: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'compare'; first: Expr; rest: [CompareOp, Expr][] }
  | { type: 'cond'; test: Expr; then: Expr; otherwise: Expr | undefined };

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~' | 'and' | 'or';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'output'; expr: Expr }
  | { type: 'if'; branches: { test: Expr; body: TemplateNode[] }[]; otherwise: TemplateNode[] | undefined };
