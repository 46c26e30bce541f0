// The one error the template evaluator throws: what went wrong, and for an unsupported construct, its name.

/** A template that cannot be read, uses something outside the supported subset, or fails on a value. */
export class TemplateError extends Error {
  /** The construct outside the supported subset (`for`, `|regex_replace`, …), when that is the reason. */
  readonly unsupported: string | undefined;

  constructor(message: string, unsupported?: string) {
    super(message);
    this.name = 'TemplateError';
    this.unsupported = unsupported;
  }
}

/** How big a template may be and how much work one evaluation may do: configs come from anyone. */
export const templateLimits = {
  /** Characters of template source. */
  maxLength: 4096,
  /** Nesting of expressions and blocks. */
  maxDepth: 32,
  /** Nodes visited in one evaluation. */
  maxSteps: 10_000,
  /** Characters of any string produced (output, concatenation, repetition). */
  maxOutput: 65_536,
} as const;
