/**
 * The outbox against a real IndexedDB (fake-indexeddb, in memory) and a server that behaves like
 * ours: creates are idempotent on the client id, and the test can cut the connection, drop an
 * answer after the server acted on it, refuse a record, or end the session.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_REF, Outbox, type CreatedRecord, type OutboxItem, type OutboxTransport, type SendError } from './outbox';
import { IndexedDbOutboxStore } from './store';

class Failure extends Error {
  constructor(readonly send: SendError) {
    super(send.message);
  }
}

/** The server: records by id, which client id made which, files per record; and what goes wrong next. */
class Server implements OutboxTransport {
  records = new Map<string, CreatedRecord & { kind: string; body: Record<string, unknown> }>();
  byClientId = new Map<string, string>();
  files = new Map<string, Array<{ name: string; size: number }>>();
  creates: string[] = [];
  uploads = 0;
  reports: Array<[number, number]> = [];
  offline = false;
  /** The next create is done but its answer never arrives. */
  dropNextAnswer = false;
  /** The next upload is kept but its answer never arrives. */
  dropNextUploadAnswer = false;
  /** Refuse records whose title contains this. */
  refuseTitle?: string;
  sessionExpired = false;

  private gate() {
    if (this.offline) throw new Failure({ status: 0, message: '无法连接服务器，请检查网络后重试', details: [] });
    if (this.sessionExpired) throw new Failure({ status: 401, message: '请先登录', details: [] });
  }

  async create(kind: string, body: Record<string, unknown>, clientId: string) {
    this.gate();
    this.creates.push(clientId);
    const earlier = this.byClientId.get(clientId);
    let record = earlier ? this.records.get(earlier) : undefined;
    if (!record) {
      if (this.refuseTitle && String(body.title).includes(this.refuseTitle)) throw new Failure({ status: 400, message: '「纠纷类别」的取值不在可选范围内', details: [{ field: 'category', message: '「纠纷类别」的取值不在可选范围内' }] });
      record = { id: `r${this.records.size + 1}`, title: String(body.title), kind, body };
      this.records.set(record.id, record);
      this.byClientId.set(clientId, record.id);
    }
    if (this.dropNextAnswer) {
      this.dropNextAnswer = false;
      throw new Failure({ status: 0, message: '网络中断', details: [] });
    }
    return record;
  }

  async upload(_kind: string, recordId: string, photo: File) {
    this.gate();
    this.uploads += 1;
    this.files.set(recordId, [...(this.files.get(recordId) ?? []), { name: photo.name, size: photo.size }]);
    if (this.dropNextUploadAnswer) {
      this.dropNextUploadAnswer = false;
      throw new Failure({ status: 0, message: '网络中断，照片没有传完', details: [] });
    }
  }

  async hasFile(_kind: string, recordId: string, name: string, size: number) {
    this.gate();
    return (this.files.get(recordId) ?? []).some((f) => f.name === name && f.size === size);
  }

  async report(pending: number, refused: number) {
    this.gate();
    this.reports.push([pending, refused]);
  }

  errorOf(error: unknown): SendError {
    if (error instanceof Failure) return error.send;
    throw error;
  }
}

let server: Server;
let store: IndexedDbOutboxStore;
let outbox: Outbox;
let clock: number;

beforeEach(() => {
  server = new Server();
  // A fresh database per test.
  store = new IndexedDbOutboxStore(new IDBFactory());
  clock = Date.parse('2025-06-01T08:00:00Z');
  outbox = new Outbox(store, server, () => new Date((clock += 60_000)));
});

let ids = 0;
const dispute = (title: string, extra: Partial<OutboxItem> = {}) => {
  ids += 1;
  const clientId = `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`;
  return { clientId, userId: 'worker', kind: 'dispute', form: 'dispute' as const, draft: { title }, body: { title, category: 'neighbour' }, title, ...extra };
};
const photo = (name = 'scene.jpg') => ({ bytes: new Uint8Array([1, 2, 3, 4, 5]).buffer, name, type: 'image/jpeg', attempted: false });

describe('outbox', () => {
  it('sends in the order saved, and each item leaves only after the server confirmed it', async () => {
    const saved = [];
    for (const title of ['第一件', '第二件', '第三件']) saved.push(await outbox.save(dispute(title)));
    expect((await store.list('worker')).map((i) => i.title)).toEqual(['第一件', '第二件', '第三件']);

    server.offline = true;
    const offline = await outbox.sync('worker');
    expect(offline.stopped).toBe('offline');
    expect(await store.list('worker')).toHaveLength(3);
    expect((await store.state('worker'))?.lastSyncAt).toBeUndefined();

    server.offline = false;
    const online = await outbox.sync('worker');
    expect(online.stopped).toBeUndefined();
    expect(server.creates).toEqual(saved.map((i) => i.clientId));
    expect([...server.records.values()].map((r) => r.title)).toEqual(['第一件', '第二件', '第三件']);
    expect(await store.list('worker')).toEqual([]);
    expect((await store.state('worker'))?.lastSyncAt).toBeDefined();
    expect(server.reports.at(-1)).toEqual([0, 0]);
  });

  it('makes no second record when the answer to a create was lost and the item is sent again', async () => {
    const item = await outbox.save(dispute('回答丢失的纠纷'));
    server.dropNextAnswer = true;
    const first = await outbox.sync('worker');
    expect(first.stopped).toBe('offline');
    expect(server.records.size).toBe(1); // the server did create it
    expect(await store.get(item.clientId)).toBeDefined(); // but the phone did not hear so: it keeps it

    const second = await outbox.sync('worker');
    expect(second.sent.get(item.clientId)?.id).toBe('r1');
    expect(server.creates).toEqual([item.clientId, item.clientId]);
    expect(server.records.size).toBe(1);
    expect(await store.list('worker')).toEqual([]);
  });

  it('attaches the photo after the record, once, even when the upload’s answer was lost', async () => {
    const item = await outbox.save(dispute('有照片的纠纷', { photo: photo() }));
    server.dropNextUploadAnswer = true;
    await outbox.sync('worker');
    const kept = await store.get(item.clientId);
    expect(kept?.recordId).toBe('r1'); // the record is made: only the photo is left
    expect(kept?.photo?.attempted).toBe(true);

    await outbox.sync('worker');
    expect(server.records.size).toBe(1);
    expect(server.files.get('r1')).toEqual([{ name: 'scene.jpg', size: 5 }]);
    expect(server.uploads).toBe(1);
    expect(await store.list('worker')).toEqual([]);
  });

  it('keeps a refused item with the server’s message, sends the rest, and sends it once fixed', async () => {
    const bad = await outbox.save(dispute('类别已停用的纠纷'));
    const good = await outbox.save(dispute('正常的纠纷'));
    server.refuseTitle = '已停用';
    const result = await outbox.sync('worker');
    expect(result.refused.get(bad.clientId)?.message).toBe('「纠纷类别」的取值不在可选范围内');
    expect(result.sent.has(good.clientId)).toBe(true);
    const refused = await store.get(bad.clientId);
    expect(refused?.refused).toMatchObject({ status: 400, message: '「纠纷类别」的取值不在可选范围内', details: [{ field: 'category' }] });
    expect(server.reports.at(-1)).toEqual([0, 1]);

    // Not sent again as it is: the worker has to fix it.
    await outbox.sync('worker');
    expect(server.creates.filter((c) => c === bad.clientId)).toHaveLength(1);

    server.refuseTitle = undefined;
    const fixed = await outbox.save({ ...dispute('类别已改正的纠纷'), clientId: bad.clientId });
    expect(fixed.seq).toBe(refused?.seq); // keeps its place
    expect(fixed.refused).toBeUndefined();
    expect((await outbox.sync('worker')).sent.get(bad.clientId)?.title).toBe('类别已改正的纠纷');
    expect(await store.list('worker')).toEqual([]);
  });

  it('discards a refused item only when told, and never sends it', async () => {
    const bad = await outbox.save(dispute('要放弃的纠纷'));
    server.refuseTitle = '放弃';
    await outbox.sync('worker');
    expect(await store.list('worker')).toHaveLength(1);
    await outbox.discard('worker', bad.clientId);
    expect(await store.list('worker')).toEqual([]);
    expect(server.records.size).toBe(0);
  });

  it('stops at an expired session with everything kept, and carries on after signing in', async () => {
    await outbox.save(dispute('过期前'));
    await outbox.save(dispute('过期后'));
    server.sessionExpired = true;
    const stopped = await outbox.sync('worker');
    expect(stopped.stopped).toBe('signedOut');
    expect(await store.list('worker')).toHaveLength(2);
    server.sessionExpired = false;
    await outbox.sync('worker');
    expect([...server.records.values()].map((r) => r.title)).toEqual(['过期前', '过期后']);
  });

  it('holds a server error (5xx) as a reason to wait, not a refusal', async () => {
    const item = await outbox.save(dispute('服务器出错时的纠纷'));
    const broken: OutboxTransport = {
      create: async () => Promise.reject(new Failure({ status: 503, message: '服务暂时不可用', details: [] })),
      upload: (kind, recordId, file) => server.upload(kind, recordId, file),
      hasFile: (kind, recordId, name, size) => server.hasFile(kind, recordId, name, size),
      report: async () => undefined,
      errorOf: (e) => server.errorOf(e),
    };
    const result = await new Outbox(store, broken).sync('worker');
    expect(result.stopped).toBe('server');
    expect((await store.get(item.clientId))?.refused).toBeUndefined();
  });

  it('sends a dispute found in a screening saved offline with the screening’s record id', async () => {
    const round = await outbox.save({ ...dispute('东村6月排查'), kind: 'screeningRound', form: 'screening' });
    const found = await outbox.save(dispute('排查中发现的纠纷', { body: { title: '排查中发现的纠纷', screeningRound: `${OUTBOX_REF}${round.clientId}` } }));
    await outbox.sync('worker');
    const made = [...server.records.values()];
    expect(made.map((r) => r.title)).toEqual(['东村6月排查', '排查中发现的纠纷']);
    expect(made[1]?.body.screeningRound).toBe(made[0]?.id);
    expect(await store.get(found.clientId)).toBeUndefined();
  });

  it('holds a dispute whose screening was refused, and drops the reference if the screening is discarded', async () => {
    server.refuseTitle = '排查';
    const round = await outbox.save({ ...dispute('西村6月排查'), kind: 'screeningRound', form: 'screening' });
    const found = await outbox.save(dispute('西村发现的纠纷', { body: { title: '西村发现的纠纷', screeningRound: `${OUTBOX_REF}${round.clientId}` } }));
    await outbox.sync('worker');
    expect(server.creates).toEqual([round.clientId]);
    expect((await store.get(found.clientId))?.refused).toBeUndefined();

    await outbox.discard('worker', round.clientId);
    await outbox.sync('worker');
    expect([...server.records.values()].map((r) => r.body)).toEqual([{ title: '西村发现的纠纷' }]);
  });

  it('keeps each user’s items apart and clears only the signed-out user’s', async () => {
    await outbox.save(dispute('甲的纠纷'));
    await outbox.save({ ...dispute('乙的纠纷'), userId: 'other' });
    expect((await store.list('worker')).map((i) => i.title)).toEqual(['甲的纠纷']);
    await outbox.sync('worker');
    expect([...server.records.values()].map((r) => r.title)).toEqual(['甲的纠纷']);
    await store.saveState('other', { lastSyncAt: '2025-06-01T00:00:00Z' });
    await store.clear('other');
    expect(await store.list('other')).toEqual([]);
    expect(await store.state('other')).toBeUndefined();
    expect(await store.state('worker')).toBeDefined();
  });

  it('refuses to overwrite another user’s item with the same client id', async () => {
    const mine = await outbox.save(dispute('我的纠纷'));
    await expect(outbox.save({ ...dispute('别人的'), clientId: mine.clientId, userId: 'other' })).rejects.toThrow();
  });

  it('runs one sync at a time: two triggers together send each record once', async () => {
    for (const title of ['并发一', '并发二']) await outbox.save(dispute(title));
    await Promise.all([outbox.sync('worker'), outbox.sync('worker'), outbox.sync('worker')]);
    expect(server.creates).toHaveLength(2);
  });
});
