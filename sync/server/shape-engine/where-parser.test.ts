import { describe, expect, it } from 'vitest';
import { parseWhere, referencedParams } from './where-parser.ts';

describe('where parser', () => {
  it('follows PostgreSQL precedence: OR < AND < NOT < comparison', () => {
    const e = parseWhere('a = 1 OR NOT b AND c IS NOT NULL');
    expect(e.kind).toBe('or');
    if (e.kind !== 'or') return;
    expect(e.args[0]).toMatchObject({ kind: 'compare', op: '=' });
    expect(e.args[1]).toMatchObject({
      kind: 'and',
      args: [{ kind: 'not' }, { kind: 'is_null', negated: true }],
    });
  });

  it('reads literals, params, quoted identifiers and IN lists', () => {
    const e = parseWhere(
      `"Title" <> 'it''s' AND n NOT IN (1, -2.5, 1e3, NULL) AND ok = TRUE AND id = $2`,
    );
    expect(e).toMatchObject({
      kind: 'and',
      args: [
        {
          kind: 'compare',
          op: '<>',
          left: { kind: 'column', name: 'Title' },
          right: { kind: 'literal', type: 'string', value: "it's" },
        },
        {
          kind: 'in',
          negated: true,
          list: [{ value: '1' }, { value: '-2.5' }, { value: '1e3' }, { type: 'null' }],
        },
        { kind: 'compare', right: { kind: 'literal', type: 'boolean', value: 'true' } },
        { kind: 'compare', right: { kind: 'param', index: 2 } },
      ],
    });
    expect([...referencedParams(e)]).toEqual([2]);
  });

  it('folds unquoted identifiers to lower case and keeps quoted ones', () => {
    expect(parseWhere('Workspace_ID = 1')).toMatchObject({ left: { name: 'workspace_id' } });
    expect(parseWhere('"Workspace_ID" = 1')).toMatchObject({ left: { name: 'Workspace_ID' } });
    expect(parseWhere('!= 1'.replace('!= 1', 'a != 1'))).toMatchObject({ op: '<>' });
  });

  it('reports syntax errors at Electric-compatible locations', () => {
    // Electric's integration test expects exactly this message for `1 x 1`.
    expect(() => parseWhere('1 x 1')).toThrow('At location 17: syntax error at or near "x"');
    expect(() => parseWhere('a = ')).toThrow('syntax error at end of input');
    expect(() => parseWhere("a = 'open")).toThrow('unterminated quoted string');
  });

  it('names unsupported SQL instead of failing obscurely', () => {
    expect(() => parseWhere("title LIKE 'a%'")).toThrow(/LIKE is not supported/);
    expect(() => parseWhere('lower(title) = 1')).toThrow(/function calls are not supported/);
    expect(() => parseWhere("id = '1'::uuid")).toThrow(/type casts/);
    expect(() => parseWhere('n + 1 = 2')).toThrow(/operator "\+" is not supported/);
    expect(() => parseWhere('n BETWEEN 1 AND 2')).toThrow(/BETWEEN is not supported/);
    expect(() => parseWhere('(a = 1) = (b = 2)')).toThrow(/comparing boolean expressions/);
    expect(() => parseWhere('a = $0')).toThrow(/no parameter \$0/);
  });
});
