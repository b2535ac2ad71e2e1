/**
 * 生成佐证材料 in the browser: the town office attaches a site photo to a dispute, opens the report
 * page, starts the binder, watches its progress and downloads a ZIP whose Word binder embeds the
 * photo and whose folders carry the original, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, openSession, shot, shotsOnFailure, visit, type Session } from './helpers.js';

/** A 480×270 PNG of colour bands: a photo stand-in big enough to see on the page. */
function bandsPng(width = 480, height = 270): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.from(type, 'latin1');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head, data])));
    return Buffer.concat([length, head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows.set([(x * 255) / width, (y * 255) / height, 160], at);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('the town office downloads the evidence binder of its report', () => {
  let office: Session;
  const photo = bandsPng();
  let recordTitle = '';
  shotsOnFailure(() => [office]);

  beforeAll(async () => {
    office = await openSession('smz_office');
    await visit(office.page, '/');
    // A photo on one of the year's disputes, through the same API the record page uses.
    recordTitle = await office.page.evaluate(async (bytes) => {
      const list = (await (await fetch('/api/ledgers/dispute?from=2025-01-01&to=2025-12-31&pageSize=1')).json()) as { items: Array<{ id: string; title: string }> };
      const record = list.items[0];
      if (!record) throw new Error('no dispute in the demo');
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fazhi_csrf='))?.slice('fazhi_csrf='.length) ?? '';
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), '调解现场照片.png');
      const res = await fetch(`/api/ledgers/dispute/${record.id}/attachments`, { method: 'POST', headers: { 'x-csrf-token': decodeURIComponent(csrf) }, body: form });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
      return record.title;
    }, [...photo]);
  }, 60_000);

  afterAll(async () => {
    await office.close();
  });

  test('the button builds the binder with progress, and the ZIP opens', async () => {
    const { page } = office;
    await visit(page, '/report');
    await page.getByRole('button', { name: '生成佐证材料' }).click();
    const dialog = page.getByRole('dialog', { name: '生成佐证材料' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '开始生成' }).click();
    // The bar appears at once and ends at 100%.
    await dialog.getByRole('progressbar').waitFor({ timeout: 30_000 });
    const download = dialog.getByRole('link', { name: /^下载 .*\.zip$/ }).or(dialog.getByRole('button', { name: /^下载 .*\.zip$/ }));
    await download.waitFor({ timeout: 180_000 });
    expect(await dialog.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await shot(page, 'binder-dialog', { fullPage: false });

    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe('双庙镇2025年度法治政府建设佐证材料.zip');
    const saved = join(ARTIFACTS, 'binder.zip');
    await file.saveAs(saved);
    const zip = await JSZip.loadAsync(readFileSync(saved));
    const names = Object.values(zip.files).filter((e) => !e.dir).map((e) => e.name);
    const docxName = '双庙镇2025年度法治政府建设佐证材料.docx';
    expect(names).toContain(docxName);
    const originals = names.filter((n) => n.endsWith('/调解现场照片.png'));
    expect(originals.length).toBeGreaterThan(0);
    for (const name of originals) expect((await zip.file(name)?.async('nodebuffer'))?.equals(photo)).toBe(true);
    expect(originals.some((n) => n.includes(recordTitle.slice(0, 10)))).toBe(true);

    const docx = await JSZip.loadAsync((await zip.file(docxName)?.async('nodebuffer')) ?? Buffer.alloc(0));
    expect(Object.keys(docx.files).some((n) => n.startsWith('word/media/'))).toBe(true);
    const text = ((await docx.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain('目　　录');
    expect(text).toContain(recordTitle);
    expect(office.errors).toEqual([]);
  }, 240_000);
});
