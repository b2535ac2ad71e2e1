import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { schemeInputSchema, type AssessmentOverview, type Scheme } from '../shared/assessment.js';
import { resultsNotice, schemeWorkbook, scoreSheet, sectionsFromWorkbook } from './exports.js';

const scheme: Scheme = {
  id: 's1',
  orgId: 'c1',
  orgName: '测试旗',
  year: 2025,
  title: '2025年度镇级法治政府建设考核评价方案',
  deadline: '2026-01-15',
  version: 3,
  status: 'open',
  totalPoints: 12,
  copiedFrom: null,
  sections: [
    {
      title: '一、党政主要负责人履行第一责任人职责',
      area: 'leadership',
      items: [
        { code: '1.1', title: '召开“法治政府建设”专题部署会', points: 4, evidenceKinds: ['meeting'], attachmentsRequired: true, rule: { type: 'threshold', indicator: 'meeting.deployment', min: 2 }, standard: '不少于2次得4分；须附签到表、纪要' },
        { code: '1.2', title: '述法——主要负责人年度述法', points: 3, evidenceKinds: [], attachmentsRequired: false, rule: { type: 'manual' } },
      ],
    },
    {
      title: '二、基层社会治理',
      area: 'governance',
      items: [
        { code: '2.1', title: '矛盾纠纷化解率', points: 3, evidenceKinds: ['dispute', 'petition'], attachmentsRequired: false, rule: { type: 'deduction', indicator: 'dispute.resolution_rate', target: 95, step: 1, deduct: 0.5 } },
        { code: '2.2', title: '法律明白人培养（按比例）', points: 2, evidenceKinds: [], attachmentsRequired: false, rule: { type: 'proportional', indicator: 'legal_literate.residents', from: 0, to: 30 } },
      ],
    },
  ],
};

const overview: AssessmentOverview = {
  scheme: (({ sections: _s, ...rest }) => rest)(scheme),
  items: scheme.sections.flatMap((s) => s.items.map((i) => ({ code: i.code, title: i.title, points: i.points, area: s.area }))),
  towns: [
    { org: { id: 't1', name: '甲镇' }, status: 'confirmed', total: 10.5, rank: 1, scores: { '1.1': 4, '1.2': 3, '2.1': 2.5, '2.2': 1 } },
    { org: { id: 't2', name: '乙镇' }, status: 'submitted', total: 6, rank: 2, scores: { '1.1': 0, '1.2': 2, '2.1': 3, '2.2': 1 } },
  ],
  distribution: [],
};

describe('assessment exports', () => {
  it('reads back a scheme it wrote, Chinese text and rules intact', async () => {
    const read = await sectionsFromWorkbook(await schemeWorkbook(scheme));
    expect(read.title).toBe(scheme.title);
    expect(read.deadline).toBe(scheme.deadline);
    expect(read.sections).toEqual(scheme.sections);
    // What was read is a valid scheme.
    expect(schemeInputSchema.safeParse({ orgId: 'c1', year: 2025, title: read.title, deadline: read.deadline, sections: read.sections }).success).toBe(true);
  });

  it('names the row and column of a bad cell', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await schemeWorkbook(scheme)) as unknown as ArrayBuffer);
    (book.getWorksheet('考核方案') as ExcelJS.Worksheet).getRow(3).getCell(5).value = '三分';
    const broken = Buffer.from(await book.xlsx.writeBuffer());
    await expect(sectionsFromWorkbook(broken)).rejects.toMatchObject({ status: 400, field: 'row3', message: '第3行「分值」应为数字' });
    await expect(sectionsFromWorkbook(Buffer.from('not a workbook'))).rejects.toMatchObject({ status: 400, field: 'file' });
  });

  it('writes every town’s score on every item in the score sheet', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await scoreSheet(overview)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const header = rows[1]?.slice(1);
    expect(header).toEqual(['序号', '领域', '考核内容', '分值', '甲镇', '乙镇']);
    expect(rows.find((r) => r[1] === '2.1')?.slice(1)).toEqual(['2.1', '基层治理', '矛盾纠纷化解率', 3, 2.5, 3]);
    expect(rows.find((r) => r[3] === '总分')?.slice(4)).toEqual([12, 10.5, 6]);
  });

  it('writes the notice of results in the official layout with every town', async () => {
    const docx = await resultsNotice(overview, '2026-02-10');
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string');
    const text = (xml ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain('关于2025年度镇级法治政府建设考核结果的通报');
    expect(text).toContain('甲镇');
    expect(text).toContain('10.5');
    expect(text).toContain('乙镇的考核结果尚在审核中');
    expect(text).toContain('2026年2月10日');
    expect(xml).toContain('方正小标宋简体');
  });
});
