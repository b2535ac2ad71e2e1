/**
 * An upload that fails while its file is written — a full disk — leaves nothing behind: the temp
 * file it was being written to (created, then nothing fits in it) is removed, and no row is written.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testContext, type TestContext } from '../testing/context.js';
import { disputeBody, smallTown, type Fixture } from '../testing/fixtures.js';

const disk = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    writeFile: async (...args: Parameters<typeof actual.writeFile>) => {
      if (!disk.full) return actual.writeFile(...args);
      // What a full disk does: the file is created, nothing fits in it, and the write fails.
      await actual.writeFile(args[0], '');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    },
  };
});

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let ctx: TestContext;
let f: Fixture;

beforeAll(async () => {
  ctx = await testContext();
  f = await smallTown(ctx);
});
afterAll(() => ctx.close());

/** Every file under the attachment directory, by path relative to it. */
const files = (): string[] => {
  try {
    return readdirSync(ctx.attachments.config.dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
};
const attachmentRows = async () => Number((await ctx.db.kysely.selectFrom('attachment').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('an attachment upload on a full disk', () => {
  it('fails, leaving no temp file and no row; with room again the same upload is stored', async () => {
    const office = await f.as('townOffice');
    const record = await ctx.ledger.create(office, 'dispute', disputeBody(f.villageA.id));
    const before = await attachmentRows();

    disk.full = true;
    try {
      await expect(ctx.attachments.add(office, 'dispute', record.id, '现场照片.png', PNG)).rejects.toMatchObject({ code: 'ENOSPC' });
    } finally {
      disk.full = false;
    }
    expect(files()).toEqual([]);
    expect(await attachmentRows()).toBe(before);

    const stored = await ctx.attachments.add(office, 'dispute', record.id, '现场照片.png', PNG);
    expect(files()).toEqual([ctx.attachments.pathOf(stored.sha256)]);
    expect(await attachmentRows()).toBe(before + 1);
  });
});
