import { describe, expect, it } from 'vitest';
import { canonicalLine, loadOrder, parentsFirst, valueClassOf } from './canonical.js';

describe('canonical rows', () => {
  it('classes the declared types both engines report', () => {
    expect(['text', 'TEXT', 'varchar', ''].map((t) => valueClassOf(t, 't.c'))).toEqual(['text', 'text', 'text', 'text']);
    expect(['integer', 'int4', 'int8', 'bigint', 'bigserial'].map((t) => valueClassOf(t, 't.c'))).toEqual(Array(5).fill('integer'));
    expect(['double precision', 'float8', 'real'].map((t) => valueClassOf(t, 't.c'))).toEqual(Array(3).fill('real'));
    expect(() => valueClassOf('bytea', 'attachment.content')).toThrow(/attachment\.content.*bytea/);
  });

  it('writes keys in the order given, values by their column\'s type, the same whichever engine read them', () => {
    const columns = [
      { name: 'amount', type: 'integer' as const },
      { name: 'days', type: 'real' as const },
      { name: 'id', type: 'text' as const },
      { name: 'note', type: 'text' as const },
    ];
    const fromPostgres = { id: 'a1', amount: 1200, days: 2.5, note: null };
    // SQLite keeps what it was given: a numeral as text in a numeric column, a number in a text one.
    const fromSqlite = { note: undefined, days: '2.5', amount: BigInt(1200), id: 'a1' };
    const line = '{"amount":1200,"days":2.5,"id":"a1","note":null}';
    expect(canonicalLine('t', columns, fromPostgres)).toBe(line);
    expect(canonicalLine('t', columns, fromSqlite)).toBe(line);
    expect(canonicalLine('t', [{ name: 'code', type: 'text' }], { code: 42 })).toBe('{"code":"42"}');
    expect(() => canonicalLine('t', [{ name: 'blob', type: 'text' }], { blob: Buffer.from('x') })).toThrow(/t\.blob/);
  });
});

describe('load order', () => {
  it('puts referenced tables first and ignores self-references', () => {
    const order = loadOrder([
      { name: 'ledger_dispute', foreignKeys: [{ table: 'org_unit' }] },
      { name: 'app_user', foreignKeys: [{ table: 'org_unit' }] },
      { name: 'user_session', foreignKeys: [{ table: 'app_user' }] },
      { name: 'org_unit', foreignKeys: [{ table: 'org_unit' }] },
      { name: 'audit_log', foreignKeys: [] },
    ]);
    expect(order.indexOf('org_unit')).toBeLessThan(order.indexOf('app_user'));
    expect(order.indexOf('app_user')).toBeLessThan(order.indexOf('user_session'));
    expect(order.indexOf('org_unit')).toBeLessThan(order.indexOf('ledger_dispute'));
    expect(order).toHaveLength(5);
  });

  it('names the tables of a cycle', () => {
    expect(() => loadOrder([{ name: 'a', foreignKeys: [{ table: 'b' }] }, { name: 'b', foreignKeys: [{ table: 'a' }] }])).toThrow(/a、b/);
  });

  it('orders a tree parents first, whatever order its rows come in', () => {
    const rows = [
      { id: 'grid', parent_id: 'village' },
      { id: 'village', parent_id: 'town' },
      { id: 'county', parent_id: null },
      { id: 'town', parent_id: 'county' },
      { id: 'other', parent_id: 'elsewhere' },
    ];
    const ids = parentsFirst(rows, 'parent_id', 'id').map((r) => r.id);
    expect(ids).toHaveLength(5);
    for (const row of rows) if (ids.includes(String(row.parent_id))) expect(ids.indexOf(String(row.parent_id))).toBeLessThan(ids.indexOf(row.id));
  });
});
