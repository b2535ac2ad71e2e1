/** Searching takes the user's text literally on both engines: % _ and \ find themselves. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../testing/context.js';
import { contains, containsPattern } from './like.js';

const VALUES = ['100', '10%', '10% 以上', 'A_1', 'AB1', 'C:\\纠纷', 'C:纠纷', '邻里纠纷'];

describe('contains', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await testContext();
  });
  afterAll(async () => {
    await (ctx as TestContext | undefined)?.close();
  });

  const found = async (text: string) => {
    const rows = await ctx.db.kysely
      .selectFrom(sql<{ column1: string }>`(values ${sql.join(VALUES.map((v) => sql`(${v})`))})`.as('t'))
      .select(sql<string>`t.column1`.as('v'))
      .where(contains('t.column1', text))
      .execute();
    return rows.map((r) => r.v).sort();
  };

  it('finds % and _ as themselves, not as wildcards', async () => {
    expect(await found('10%')).toEqual(['10%', '10% 以上']);
    expect(await found('A_1')).toEqual(['A_1']);
    expect(await found('C:\\')).toEqual(['C:\\纠纷']);
  });

  it('finds plain text anywhere in the value', async () => {
    expect(await found('纠纷')).toEqual(['C:\\纠纷', 'C:纠纷', '邻里纠纷'].sort());
    expect(await found('0')).toEqual(['10%', '10% 以上', '100']);
  });

  it('escapes the pattern it builds', () => {
    expect(containsPattern('5%_\\')).toBe('%5\\%\\_\\\\%');
  });
});
