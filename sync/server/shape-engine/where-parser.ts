/**
 * Parser for the documented subset of SQL a shape's `where` may use:
 *   AND, OR, NOT, =, <>, !=, <, >, <=, >=, IS [NOT] NULL, [NOT] IN (...),
 *   string / number / boolean / NULL literals, $n parameters, column names
 *   (unquoted, folded to lower case, or "quoted"), parentheses.
 * Anything else is a WhereSyntaxError, answered as 400.
 *
 * Why our own parser: the engine evaluates the clause in Node on every replicated row
 * (to route changes to shapes), so it needs the tree, not just PostgreSQL's yes/no.
 * Precedence follows PostgreSQL: OR < AND < NOT < comparison / IS / IN.
 */
import {
  SUPPORTED,
  tokenize,
  UNSUPPORTED_WORDS,
  WhereSyntaxError,
  type Token,
} from './where-tokenizer.ts';

export { WhereSyntaxError };

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

export type Operand =
  | { kind: 'column'; name: string; at: number }
  | {
      kind: 'literal';
      type: 'string' | 'number' | 'boolean' | 'null';
      value: string | null;
      at: number;
    }
  | { kind: 'param'; index: number; at: number };

export type WhereExpr =
  | { kind: 'and' | 'or'; args: WhereExpr[] }
  | { kind: 'not'; arg: WhereExpr }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'is_null'; negated: boolean; arg: Operand }
  | { kind: 'in'; negated: boolean; arg: Operand; list: Operand[] }
  | { kind: 'operand'; arg: Operand };

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private isWord(tok: Token, word: string): boolean {
    return tok.t === 'ident' && !tok.quoted && tok.v === word;
  }
  private acceptWord(word: string): boolean {
    if (this.isWord(this.peek(), word)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private acceptOp(op: string): boolean {
    const tok = this.peek();
    if (tok.t === 'op' && tok.v === op) {
      this.pos++;
      return true;
    }
    return false;
  }
  private fail(tok: Token): never {
    if (tok.t === 'end') throw new WhereSyntaxError('syntax error at end of input', tok.at);
    if (tok.t === 'ident' && !tok.quoted && UNSUPPORTED_WORDS.has(tok.v)) {
      throw new WhereSyntaxError(
        `${tok.v.toUpperCase()} is not supported in where clauses (${SUPPORTED})`,
        tok.at,
      );
    }
    throw new WhereSyntaxError(`syntax error at or near "${tok.raw}"`, tok.at);
  }

  parseAll(): WhereExpr {
    const e = this.parseOr();
    if (this.peek().t !== 'end') this.fail(this.peek());
    return e;
  }

  private parseOr(): WhereExpr {
    const args = [this.parseAnd()];
    while (this.acceptWord('or')) args.push(this.parseAnd());
    return args.length === 1 ? args[0]! : { kind: 'or', args };
  }

  private parseAnd(): WhereExpr {
    const args = [this.parseNot()];
    while (this.acceptWord('and')) args.push(this.parseNot());
    return args.length === 1 ? args[0]! : { kind: 'and', args };
  }

  private parseNot(): WhereExpr {
    if (this.acceptWord('not')) return { kind: 'not', arg: this.parseNot() };
    return this.parsePredicate();
  }

  private parsePredicate(): WhereExpr {
    const start = this.peek();
    if (start.t === 'op' && start.v === '(') {
      this.pos++;
      const inner = this.parseOr();
      if (!this.acceptOp(')')) this.fail(this.peek());
      // A parenthesised operand such as `(a) = 1` is still an operand.
      if (inner.kind === 'operand') return this.parseOperandTail(inner.arg);
      const tok = this.peek();
      if (tok.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(tok.v)) {
        throw new WhereSyntaxError(
          `comparing boolean expressions is not supported (${SUPPORTED})`,
          tok.at,
        );
      }
      return inner;
    }
    return this.parseOperandTail(this.parseOperand());
  }

  private parseOperandTail(left: Operand): WhereExpr {
    const tok = this.peek();
    if (tok.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(tok.v)) {
      this.pos++;
      return { kind: 'compare', op: tok.v as CompareOp, left, right: this.parseOperand() };
    }
    if (this.acceptWord('is')) {
      const negated = this.acceptWord('not');
      if (!this.acceptWord('null')) this.fail(this.peek());
      return { kind: 'is_null', negated, arg: left };
    }
    const save = this.pos;
    const negated = this.acceptWord('not');
    if (this.acceptWord('in')) {
      if (!this.acceptOp('(')) this.fail(this.peek());
      const list = [this.parseOperand()];
      while (this.acceptOp(',')) list.push(this.parseOperand());
      if (!this.acceptOp(')')) this.fail(this.peek());
      return { kind: 'in', negated, arg: left, list };
    }
    this.pos = save;
    return { kind: 'operand', arg: left };
  }

  private parseOperand(): Operand {
    const tok = this.next();
    if (tok.t === 'op' && tok.v === '(') {
      const inner = this.parseOperand();
      if (!this.acceptOp(')')) this.fail(this.peek());
      return inner;
    }
    if (tok.t === 'op' && tok.v === '-') {
      const num = this.next();
      if (num.t !== 'number') this.fail(num);
      return { kind: 'literal', type: 'number', value: `-${num.v}`, at: tok.at };
    }
    if (tok.t === 'string') return { kind: 'literal', type: 'string', value: tok.v, at: tok.at };
    if (tok.t === 'number') return { kind: 'literal', type: 'number', value: tok.v, at: tok.at };
    if (tok.t === 'param') {
      if (tok.v < 1) throw new WhereSyntaxError(`there is no parameter $${tok.v}`, tok.at);
      return { kind: 'param', index: tok.v, at: tok.at };
    }
    if (tok.t === 'ident') {
      if (!tok.quoted) {
        if (tok.v === 'true' || tok.v === 'false')
          return { kind: 'literal', type: 'boolean', value: tok.v, at: tok.at };
        if (tok.v === 'null') return { kind: 'literal', type: 'null', value: null, at: tok.at };
        if (['and', 'or', 'not', 'is', 'in'].includes(tok.v) || UNSUPPORTED_WORDS.has(tok.v))
          this.fail(tok);
        if (this.peek().t === 'op' && (this.peek() as { v: string }).v === '(') {
          throw new WhereSyntaxError(
            `function calls are not supported in where clauses (${SUPPORTED})`,
            tok.at,
          );
        }
        if (this.peek().t === 'string') {
          throw new WhereSyntaxError(
            `typed literals (${tok.raw} '...') are not supported in where clauses (${SUPPORTED})`,
            tok.at,
          );
        }
      }
      return { kind: 'column', name: tok.v, at: tok.at };
    }
    return this.fail(tok);
  }
}

/** Parses a where clause; throws WhereSyntaxError with an Electric-style location. */
export function parseWhere(src: string): WhereExpr {
  if (src.trim() === '') throw new WhereSyntaxError('syntax error at end of input', 0);
  return new Parser(tokenize(src)).parseAll();
}

/** The $n indexes a tree references. */
export function referencedParams(e: WhereExpr): Set<number> {
  const out = new Set<number>();
  const visitOperand = (o: Operand) => {
    if (o.kind === 'param') out.add(o.index);
  };
  const visit = (x: WhereExpr): void => {
    switch (x.kind) {
      case 'and':
      case 'or':
        x.args.forEach(visit);
        break;
      case 'not':
        visit(x.arg);
        break;
      case 'compare':
        visitOperand(x.left);
        visitOperand(x.right);
        break;
      case 'is_null':
      case 'operand':
        visitOperand(x.arg);
        break;
      case 'in':
        visitOperand(x.arg);
        x.list.forEach(visitOperand);
        break;
    }
  };
  visit(e);
  return out;
}
