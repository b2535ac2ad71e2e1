/**
 * Two people of one town edit the same record: the one who saves second with the version both
 * read gets 409 naming who changed it, and loses nothing by re-applying on the new version.
 * Saved at the same moment, exactly one wins and the other gets 409 — never 500, never both.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify.js';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';
import { callAs, expectError, signInNewUser, type Method } from '../testing/http.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let f: Fixture;
let app: FastifyInstance;

const PASSWORD = 'Fazhi#2025-test';

interface Editor {
  token: string;
  name: string;
}

async function editor(username: string, displayName: string): Promise<Editor> {
  return { token: await signInNewUser(app, ctx.accounts, 'townOffice', f.town, { username, displayName, password: PASSWORD }), name: displayName };
}

const call = (who: Editor, method: Method, url: string, payload?: unknown) => callAs(app, who.token, method, url, payload);

interface Dispute {
  id: string;
  version: number;
  method: string | null;
  category: string;
}

/** The record's update rows in the audit log, oldest first. */
const updatesOf = async (id: string) => {
  const rows = await ctx.db.kysely
    .selectFrom('audit_log')
    .select(['actor_name', 'after'])
    .where('action', '=', 'update')
    .where('kind', '=', 'dispute')
    .where('record_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ actor: r.actor_name, after: JSON.parse(r.after ?? '{}') as Partial<Dispute> }));
};

let a: Editor;
let b: Editor;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
  app = await buildApp(ctx);
  await app.ready();
  a = await editor('wang.office', '王法治');
  b = await editor('li.office', '李司法');
});
afterAll(async () => {
  // Unset when beforeAll failed.
  await (app as FastifyInstance | undefined)?.close();
  await (ctx as TestContext | undefined)?.close();
});

async function newDispute(): Promise<Dispute> {
  const res = await call(a, 'POST', '/api/ledgers/dispute', disputeBody(f.villageA.id));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Dispute>();
}

describe('two users edit one record', () => {
  it('the second save with a stale version gets 409 naming the first, and re-applied on the new version keeps both changes', async () => {
    const record = await newDispute();
    const url = `/api/ledgers/dispute/${record.id}`;
    // Both open the record at version 1.
    expect((await call(a, 'GET', url)).json<Dispute>().version).toBe(1);
    expect((await call(b, 'GET', url)).json<Dispute>().version).toBe(1);

    const saved = await call(a, 'PATCH', url, { version: 1, method: 'peopleMediation' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Dispute>()).toMatchObject({ version: 2, method: 'peopleMediation' });

    const refused = expectError(await call(b, 'PATCH', url, { version: 1, category: 'labour' }), 409, 'conflict', 'version');
    expect(refused.message).toContain(a.name);
    expect(refused).toMatchObject({ currentVersion: 2, updatedBy: { name: a.name } });
    // Nothing of B was written, nothing of A was undone.
    expect((await call(b, 'GET', url)).json<Dispute>()).toMatchObject({ version: 2, method: 'peopleMediation', category: 'neighbour' });
    expect((await updatesOf(record.id)).map((u) => u.actor)).toEqual([a.name]);

    // B re-reads and applies the change again, on top of A's.
    const reread = (await call(b, 'GET', url)).json<Dispute>();
    const resaved = await call(b, 'PATCH', url, { version: reread.version, category: 'labour' });
    expect(resaved.statusCode, resaved.body).toBe(200);
    expect((await call(a, 'GET', url)).json<Dispute>()).toMatchObject({ version: 3, method: 'peopleMediation', category: 'labour' });

    const updates = await updatesOf(record.id);
    expect(updates.map((u) => u.actor)).toEqual([a.name, b.name]);
    expect(updates[0]?.after).toMatchObject({ method: 'peopleMediation', category: 'neighbour' });
    expect(updates[1]?.after).toMatchObject({ method: 'peopleMediation', category: 'labour' });
  });

  it('saved at the same moment, exactly one wins each time; the other gets 409 naming the winner', async () => {
    // On SQLite a request never yields between reading the record and writing it, so one save
    // would always finish before the other starts. Yielding once in between (the list lookup
    // lies on that path) makes both read version 1 before either writes: the race in the
    // transaction, on both engines.
    const lookupFor = ctx.lists.lookupFor.bind(ctx.lists);
    ctx.lists.lookupFor = async (orgPath) => {
      await new Promise((resolve) => setImmediate(resolve));
      return lookupFor(orgPath);
    };
    try {
      for (let round = 0; round < 20; round++) {
        const record = await newDispute();
        const url = `/api/ledgers/dispute/${record.id}`;
        const [byA, byB] = await Promise.all([
          call(a, 'PATCH', url, { version: 1, method: 'peopleMediation' }),
          call(b, 'PATCH', url, { version: 1, category: 'labour' }),
        ]);
        expect([byA.statusCode, byB.statusCode].sort(), `${byA.body}\n${byB.body}`).toEqual([200, 409]);
        const [winner, loser] = byA.statusCode === 200 ? [a, byB] : [b, byA];

        const refused = expectError(loser, 409, 'conflict', 'version');
        expect(refused.message).toContain(winner.name);
        expect(refused).toMatchObject({ currentVersion: 2, updatedBy: { name: winner.name } });

        const stored = (await call(a, 'GET', url)).json<Dispute>();
        expect(stored).toMatchObject(
          winner === a ? { version: 2, method: 'peopleMediation', category: 'neighbour' } : { version: 2, method: null, category: 'labour' },
        );
        expect((await updatesOf(record.id)).map((u) => u.actor)).toEqual([winner.name]);
      }
      expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    } finally {
      ctx.lists.lookupFor = lookupFor;
    }
  });
});
