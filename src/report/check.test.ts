/**
 * Checking a draft: figures found in report wording, matched to indicators by the words
 * around them, and compared with the demo ledger of 双庙镇 2025.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Document, Packer, Paragraph, TextRun, type IRunOptions } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/load.js';
import type { IndicatorValue } from '../indicators/definition.js';
import { resolvePeriod } from '../indicators/period.js';
import { findOrg } from '../org/repository.js';
import { systemScope } from '../org/scope.js';
import { testContext, type TestContext } from '../testing/context.js';
import { MAX_DRAFT_CHARS, paragraphsOfDocumentXml, textOfDocx } from './check-docx.js';
import { BUILT_IN_VOCABULARY, checkDraft, compareFigure, extractFigures, matchFigures, parseChineseNumeral, SYNONYMS, type CheckIndicator, type FoundFigure } from './check.js';
import { buildVocabulary } from './draft-check/vocabulary.js';
import { stringContaining } from '../testing/matchers.js';

const figureOf = (text: string): FoundFigure => {
  const [figure, ...rest] = extractFigures(text);
  if (!figure || rest.length) throw new Error(`expected one figure in ${text}, found ${rest.length + (figure ? 1 : 0)}`);
  return figure;
};
const indicator = (code: string, label: string, unit: IndicatorValue['unit'], value: number, extra: Partial<CheckIndicator> = {}): CheckIndicator => ({
  code,
  label,
  unit,
  value,
  ...extra,
});

describe('finding figures', () => {
  it('reads a number with its unit, clause and position', () => {
    const text = '全年开展专项执法检查18次，效果明显。';
    const f = figureOf(text);
    expect(f).toMatchObject({ text: '18次', value: 18, unit: '次', qualifier: 'exact', clause: '全年开展专项执法检查', numeral: 'arabic', line: 1 });
    expect(text.slice(f.start, f.end)).toBe('18次');
    expect(f.context).toBe('全年开展专项执法检查18次');
  });

  it('reads 余 as a floor, 超 as more than, 约 and 近 as approximate', () => {
    expect(figureOf('主动公开政务信息60余条')).toMatchObject({ text: '60余条', value: 60, qualifier: 'floor', unit: '条' });
    expect(figureOf('累计阅读量超1000人次')).toMatchObject({ text: '超1000人次', value: 1000, qualifier: 'over', unit: '人次' });
    expect(figureOf('受众超过2,500人次')).toMatchObject({ text: '超过2,500人次', value: 2500, qualifier: 'over' });
    expect(figureOf('覆盖群众约300人次')).toMatchObject({ value: 300, qualifier: 'approx' });
    expect(figureOf('受众近1.2万人次')).toMatchObject({ value: 12000, qualifier: 'approx', unit: '人次' });
    expect(figureOf('培训骨干50人以上')).toMatchObject({ value: 50, qualifier: 'atLeast', unit: '人' });
  });

  it('reads percentages with their precision, and full-width digits', () => {
    expect(figureOf('化解率98.5%')).toMatchObject({ value: 98.5, unit: '%', decimals: 1 });
    expect(figureOf('化解率１００％')).toMatchObject({ text: '１００％', value: 100, unit: '%', decimals: 0 });
  });

  it('reads Chinese-numeral counts and zero clauses', () => {
    expect(parseChineseNumeral('十二')).toBe(12);
    expect(parseChineseNumeral('一百零五')).toBe(105);
    expect(parseChineseNumeral('两万')).toBe(20000);
    expect(figureOf('举办法治讲座十二次')).toMatchObject({ value: 12, unit: '次', numeral: 'chinese' });
    expect(figureOf('聘请一名律师')).toMatchObject({ value: 1, unit: '名' });
    expect(figureOf('全年排查纠纷若干，无信访重点人员。')).toMatchObject({ text: '无', value: 0, numeral: 'none', after: '信访重点人员' });
  });

  it('skips years, dates, articles, document numbers, headings, names and per-period rates', () => {
    const text = [
      '双庙镇2025年法治政府建设情况报告',
      '一、主要举措和成效',
      '（一）学法用法',
      '1.制度建设',
      '（2）依据《信访工作条例》第十二条和第3条，落实〔2025〕3号文件，2025年12月31日前完成，时间2025-06-30。',
      '紧扣“八五”普法规划，落实“三会一课”和“一村一法律顾问”，推动“12345”热线，坚持每月在各村开展一次排查、每季度召开2次会议。',
      '一是加强学习，进一步提升能力，做到一次性告知。',
    ].join('\n');
    expect(extractFigures(text)).toEqual([]);
  });

  it('bounds a figure’s words by the figure before it and the sentence', () => {
    const [first, second] = extractFigures('网格员308人（专职网格员291人，兼职17人）。');
    expect(first?.lead).toBe('网格员');
    expect(second?.lead).toBe('（专职网格员');
    expect(second?.clause).toBe('专职网格员');
    expect(extractFigures('网格员308人（专职网格员291人，兼职17人）。')[2]?.clause).toBe('兼职');
  });
});

const GRID = [
  indicator('grid.leaders', '网格长', '人', 115),
  indicator('grid.workers', '网格员', '人', 308),
  indicator('grid.workers.full_time', '专职网格员', '人', 291),
  indicator('grid.workers.part_time', '兼职网格员', '人', 17),
  indicator('grid.party_groups', '网格党小组', '个', 26),
  indicator('org.grids', '网格数', '个', 115),
];

describe('matching figures to indicators', () => {
  const codes = (text: string, indicators: CheckIndicator[]) =>
    matchFigures(extractFigures(text), indicators, SYNONYMS).map((m) => [m.figure.text, m.indicator?.code]);

  it('takes the nearest keyword before the number, then the one after it', () => {
    expect(codes('全镇有网格长115人，网格员308人（专职网格员291人，兼职17人），网格党小组26个。', GRID)).toEqual([
      ['115人', 'grid.leaders'],
      ['308人', 'grid.workers'],
      ['291人', 'grid.workers.full_time'],
      ['17人', 'grid.workers.part_time'],
      ['26个', 'grid.party_groups'],
    ]);
    const advisor = [indicator('advisor.town', '聘请的法律顾问（执业律师）', '人', 1)];
    expect(codes('镇政府聘请1名执业律师担任法律顾问。', advisor)).toEqual([['1名', 'advisor.town']]);
  });

  it('keeps 人 apart from 人次 and gives % only to ratios', () => {
    const indicators = [
      indicator('study.attendance', '参学人次', '人次', 300),
      indicator('grid.workers', '网格员', '人', 308),
      indicator('dispute.resolved', '已化解矛盾纠纷', '件', 10),
      indicator('dispute.resolution_rate', '矛盾纠纷化解率', '%', 100, { numerator: 10, denominator: 10 }),
    ];
    expect(codes('参学300人次。', indicators)).toEqual([['300人次', 'study.attendance']]);
    expect(codes('参学300人。', indicators)).toEqual([['300人', undefined]]);
    expect(codes('已化解10件，化解率100%。', indicators)).toEqual([
      ['10件', 'dispute.resolved'],
      ['100%', 'dispute.resolution_rate'],
    ]);
  });

  it('gives one sentence’s figures different indicators, and leaves a 其中 breakdown unmatched', () => {
    const screening = [indicator('dispute.screened', '排查矛盾纠纷', '件', 10), indicator('dispute.resolved', '已化解矛盾纠纷', '件', 10)];
    expect(codes('排查矛盾纠纷10件并化解10件。', screening)).toEqual([
      ['10件', 'dispute.screened'],
      ['10件', 'dispute.resolved'],
    ]);
    const inspections = [indicator('enforcement.inspections', '专项执法检查', '次', 18)];
    expect(codes('开展专项执法检查18次，其中食品领域5次。', inspections)).toEqual([
      ['18次', 'enforcement.inspections'],
      ['5次', undefined],
    ]);
  });

  it('has words for every built-in indicator, specific or generic', async () => {
    const { builtInKinds } = await import('../areas/index.js');
    const { collectIndicators } = await import('../indicators/registry.js');
    const missing = collectIndicators(builtInKinds)
      .map((i) => i.code)
      .filter((code) => !SYNONYMS[code]?.length && !BUILT_IN_VOCABULARY.generic[code]?.length);
    expect(missing).toEqual([]);
  });
});

describe('generic words: an indicator only beside its topic', () => {
  // Fixture kinds and indicators, so the test is about the engine and not the built-in definitions.
  const kinds = [
    { code: 'checkup', label: '法治体检' },
    { code: 'exam', label: '学法考试' },
    { code: 'training', label: '执法培训' },
    { code: 'review', label: '案卷评查' },
    { code: 'inspection', label: '执法检查' },
    { code: 'normative', label: '规范性文件' },
    { code: 'decision', label: '重大行政决策' },
  ];
  const definitions = [
    { code: 'checkup.suggestions', label: '体检建议', unit: '条', genericAliases: ['提出建议'], kind: 'checkup' },
    { code: 'exam.passed', label: '学法考试合格人数', unit: '人', genericAliases: ['考试合格', '合格人数'], kind: 'exam' },
    { code: 'training.attendance', label: '执法培训参训人次', unit: '人次', genericAliases: ['参训'], topicWords: ['执法'], kind: 'training' },
    { code: 'review.found', label: '评查发现问题', unit: '个', kind: 'review' },
    { code: 'inspection.rectified', label: '已整改问题', unit: '个', genericAliases: ['已整改'], kind: 'inspection' },
    { code: 'inspection.rate', label: '问题整改率', unit: '%', genericAliases: ['问题整改率', '整改率'], kind: 'inspection' },
    { code: 'normative.reviewed', label: '审核规范性文件', unit: '件', genericAliases: ['合法性审核'], kind: 'normative' },
    { code: 'decision.reviewed', label: '经审查的决策', unit: '项', genericAliases: ['合法性审核'], kind: 'decision' },
  ] as const;
  const values = definitions.map((d) => indicator(d.code, d.label, d.unit, 0));
  const vocabulary = buildVocabulary(definitions, kinds);
  const read = (text: string, words = vocabulary) => {
    const result = checkDraft(text, values, words);
    expect(result.matched).toEqual([]); // every ledger value is 0: a figure read is a mismatch, never a match
    return [...result.mismatched.map((m) => [m.text, m.code]), ...result.unmatched.map((u) => [u.text, null])];
  };

  it('reads a generic word when the sentence names the topic before it', () => {
    expect(read('为辖区企业开展法治体检，提出建议30条。')).toEqual([['30条', 'checkup.suggestions']]);
    expect(read('苏木学法考试合格人数58人。')).toEqual([['58人', 'exam.passed']]);
    // The topic in another sentence does not count: better unmatched than a guess.
    expect(read('为辖区企业开展法治体检。提出建议12条。')).toEqual([['12条', null]]);
  });

  it('leaves the figure unmatched when the sentence speaks of something else', () => {
    expect(read('对村规民约提出建议12条。')).toEqual([['12条', null]]);
    expect(read('街道居民议事会上，代表们提出建议26条。')).toEqual([['26条', null]]);
    expect(read('乡镇干部年度考核合格人数45人。')).toEqual([['45人', null]]);
  });

  it('does not take a topic word inside the generic word itself', () => {
    expect(read('驾驶员安全知识考试合格38人。')).toEqual([['38人', null]]);
    expect(read('年度学法考试合格38人。')).toEqual([['38人', 'exam.passed']]);
  });

  it('uses the declared topic words instead of the kind’s', () => {
    expect(read('综合执法队员参训120人次。')).toEqual([['120人次', 'training.attendance']]);
    // 培训 names the kind, but the indicator declared 执法 as what names it.
    expect(read('村干部业务培训参训200人次。')).toEqual([['200人次', null]]);
  });

  it('lets the topic choose between indicators sharing a generic word', () => {
    expect(read('规范性文件合法性审核4件。')).toEqual([['4件', 'normative.reviewed']]);
    expect(read('重大行政决策合法性审核3项。')).toEqual([['3项', 'decision.reviewed']]);
    expect(read('对村规民约进行合法性审核5件。')).toEqual([['5件', null]]);
  });

  it('treats a label listed among the generic words as generic', () => {
    expect(read('巡察反馈问题整改率100%。')).toEqual([['100%', null]]);
    expect(read('执法检查问题整改率100%。')).toEqual([['100%', 'inspection.rate']]);
  });

  it('does not give a figure to a farther word when the nearest is generic without its topic', () => {
    // 已整改 says the figure is a count of rectified problems, whatever their source: not 评查发现问题.
    expect(read('案卷评查发现问题已整改9个。')).toEqual([['9个', null]]);
    expect(read('执法检查发现问题已整改9个。')).toEqual([['9个', 'inspection.rectified']]);
  });

  it('reads a town’s confirmed phrase on its own, even when it is a generic word', () => {
    const town = buildVocabulary(definitions, kinds, [{ code: 'checkup.suggestions', phrase: '提出建议' }]);
    expect(read('对村规民约提出建议12条。', town)).toEqual([['12条', 'checkup.suggestions']]);
  });
});

describe('comparing with the ledger', () => {
  const equal = (text: string, value: number, extra: Partial<CheckIndicator> = {}) =>
    compareFigure(figureOf(text), indicator('x', 'x', extra.unit ?? '条', value, extra));

  it('reads 余 as the round step above the number', () => {
    expect(equal('60余条', 63)).toEqual({ equal: true, expected: '60余条' });
    expect(equal('60余条', 60).equal).toBe(true);
    expect(equal('60余条', 70)).toEqual({ equal: false, expected: '70条' });
    expect(equal('80余条', 89).equal).toBe(true);
    expect(equal('120余条', 129).equal).toBe(true);
    expect(equal('120余条', 130).equal).toBe(false);
    expect(equal('60余条', 59)).toEqual({ equal: false, expected: '50余条' });
  });

  it('reads 超 as strictly more, and compares percentages as written', () => {
    expect(equal('超1000人次', 1024, { unit: '人次' })).toEqual({ equal: true, expected: '超1000人次' });
    expect(equal('超1000人次', 1000, { unit: '人次' })).toEqual({ equal: false, expected: '1000人次' });
    expect(equal('100%', 100, { unit: '%', numerator: 10, denominator: 10 })).toEqual({ equal: true, expected: '100%' });
    expect(equal('100%', 90, { unit: '%', numerator: 9, denominator: 10 })).toEqual({ equal: false, expected: '90%' });
    expect(equal('66.7%', 66.67, { unit: '%', numerator: 2, denominator: 3 }).equal).toBe(true);
    expect(equal('100%', 0, { unit: '%', numerator: 0, denominator: 0 })).toEqual({ equal: false, expected: '—' });
  });

  it('lists each figure once: matched, mismatched or unmatched', () => {
    const result = checkDraft('全镇有网格长116人，网格员308人，另有志愿者40人。', GRID);
    expect(result.matched.map((m) => m.code)).toEqual(['grid.workers']);
    expect(result.mismatched).toMatchObject([{ text: '116人', code: 'grid.leaders', ledgerValue: 115, expected: '115人', draftValue: 116 }]);
    expect(result.unmatched.map((f) => f.text)).toEqual(['40人']);
  });
});

describe('reading a DOCX', () => {
  it('joins each paragraph’s runs and puts paragraphs on lines', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('双庙镇'), new TextRun({ text: '2025年', bold: true } satisfies IRunOptions), new TextRun('工作情况')] }),
            new Paragraph({ children: [new TextRun('开展专项执法检查'), new TextRun('18'), new TextRun('次。')] }),
          ],
        },
      ],
    });
    const text = await textOfDocx(await Packer.toBuffer(doc));
    expect(text.split('\n')).toContain('开展专项执法检查18次。');
    expect(text).toContain('双庙镇2025年工作情况');
  });

  it('decodes entities, keeps tabs and breaks, and skips deleted text and text-box fallbacks', () => {
    const xml =
      '<w:document><w:body>' +
      '<w:p><w:r><w:t xml:space="preserve">A &amp; B&#x3001;</w:t></w:r><w:r><w:tab/><w:t>C</w:t><w:br/><w:t>D</w:t></w:r></w:p>' +
      '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:t>留下</w:t></w:r></w:p>' +
      '<w:p/>' +
      '<w:p><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice>' +
      '<mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent><w:r><w:t>框外</w:t></w:r></w:p>' +
      '</w:body></w:document>';
    expect(paragraphsOfDocumentXml(xml)).toEqual(['A & B、\tC\nD', '留下', '', '框内', '框外']);
  });

  it('refuses a file that is not a DOCX', async () => {
    await expect(textOfDocx(Buffer.from('not a zip'))).rejects.toMatchObject({ id: 'validation', field: 'file' });
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    await expect(textOfDocx(await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toMatchObject({ field: 'file' });
  });

  it('refuses a draft whose body inflates to a zip bomb, before inflating it, and one over the text limit', async () => {
    const bomb = new JSZip();
    bomb.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>${' '.repeat(64 * 1024 * 1024)}</w:t></w:r></w:p></w:body></w:document>`);
    const file = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(file.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().rss;
    await expect(textOfDocx(file)).rejects.toMatchObject({ field: 'file', message: stringContaining('压缩炸弹') });
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);

    const long = new JSZip();
    long.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>${'字'.repeat(MAX_DRAFT_CHARS + 1)}</w:t></w:r></w:p></w:body></w:document>`);
    await expect(textOfDocx(await long.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))).rejects.toMatchObject({ field: 'file' });
  });
});

/** A draft in our own words carrying every seed figure; [figure text, indicator] in order. */
const DRAFT = `双庙镇2025年度法治政府建设工作总结（核对稿）
一、工作开展情况
（一）学法用法
本年度镇党委共组织法治政府建设专题部署会4次。理论学习中心组全年集中学习12次，其中专题学习3次。另组织文件制度学习1次，法治学习18次，邀请专家举办法治讲座2次，开展警示教育2次。
（二）依法决策
镇政府常年聘用执业律师1名作为法律顾问。全年通过各类平台主动公开政务信息60余条。
（三）执法规范
综合执法队全年开展专项执法检查18次，办结行政处罚案件2起；执法人员参加业务培训2次，参加执法考试1次；全队现有执法记录仪5台。
（四）基层治理
全镇设网格长115人，网格员308人（专职网格员291人，兼职17人），设立网格党小组26个，联户长90人。全年排查矛盾纠纷10件，化解10件，化解率100%，信访重点人员0人。
（五）普法宣传
依托微信公众号推送普法信息80余条，累计阅读量超1000人次；开展线下普法活动12次。`;

const EXPECTED: ReadonlyArray<readonly [string, string]> = [
  ['4次', 'meeting.deployment'],
  ['12次', 'study.central_group'],
  ['3次', 'study.central_group.special'],
  ['1次', 'study.document'],
  ['18次', 'study.law'],
  ['2次', 'study.lecture'],
  ['2次', 'study.warning'],
  ['1名', 'advisor.town'],
  ['60余条', 'disclosure.items'],
  ['18次', 'enforcement.inspections'],
  ['2起', 'enforcement.penalties'],
  ['2次', 'enforcement.trainings'],
  ['1次', 'enforcement.exams'],
  ['5台', 'equipment.body_cameras'],
  ['115人', 'grid.leaders'],
  ['308人', 'grid.workers'],
  ['291人', 'grid.workers.full_time'],
  ['17人', 'grid.workers.part_time'],
  ['26个', 'grid.party_groups'],
  ['90人', 'grid.liaison_heads'],
  ['10件', 'dispute.screened'],
  ['10件', 'dispute.resolved'],
  ['100%', 'dispute.resolution_rate'],
  ['0人', 'petition.key_persons'],
  ['80余条', 'publicity.online_posts'],
  ['超1000人次', 'publicity.online_reads'],
  ['12次', 'publicity.offline_events'],
];

describe('checking a draft against the demo ledger (双庙镇 2025)', () => {
  let ctx: TestContext;
  let values: IndicatorValue[];

  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    const { id } = await ctx.db.kysely.selectFrom('org_unit').select('id').where('name', '=', '双庙镇').executeTakeFirstOrThrow();
    const town = await findOrg(ctx.db, id);
    if (!town) throw new Error('双庙镇 missing');
    values = await ctx.indicators.evaluate(systemScope(town), town, resolvePeriod({ year: 2025 }));
  }, 180_000);
  afterAll(() => ctx.close());

  it('matches every figure of a faithful draft to its indicator, all equal', () => {
    const result = checkDraft(DRAFT, values);
    expect(result.mismatched).toEqual([]);
    expect(result.unmatched).toEqual([]);
    expect(result.matched.map((m) => [m.text, m.code])).toEqual(EXPECTED);
    const inspections = result.matched.find((m) => m.code === 'enforcement.inspections');
    expect(inspections).toMatchObject({ ledgerValue: 18, records: 18, label: '专项执法检查' });
  });

  it('flags exactly the figures that differ from the ledger', () => {
    const altered = DRAFT.replace('专项执法检查18次', '专项执法检查19次').replace('网格长115人', '网格长116人');
    const result = checkDraft(altered, values);
    expect(result.matched).toHaveLength(EXPECTED.length - 2);
    expect(result.unmatched).toEqual([]);
    expect(result.mismatched).toMatchObject([
      { text: '19次', code: 'enforcement.inspections', ledgerValue: 18, expected: '18次', draftValue: 19 },
      { text: '116人', code: 'grid.leaders', ledgerValue: 115, expected: '115人', draftValue: 116 },
    ]);
    expect(result.mismatched.map((m) => altered.slice(m.start, m.end))).toEqual(['19次', '116人']);
  });

  it('checks the same draft uploaded as a DOCX', async () => {
    const doc = new Document({ sections: [{ children: DRAFT.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) }] });
    const text = await textOfDocx(await Packer.toBuffer(doc));
    expect(text).toBe(DRAFT);
    expect(checkDraft(text, values).mismatched).toEqual([]);
  });

  const seedPath = resolve(process.cwd(), '../shared/seeds/000_3f8b128c9f1ece00.txt');
  it.skipIf(!existsSync(seedPath))('checks the seed report: its figures agree with the ledger', () => {
    const result = checkDraft(readFileSync(seedPath, 'utf8'), values);
    console.log(
      `seed report: ${result.matched.length} matched, ${result.mismatched.length} mismatched, ${result.unmatched.length} unmatched`,
      result.unmatched.map((f) => f.context),
    );
    expect(result.mismatched.map((m) => `${m.context} → ${m.code} = ${m.expected}`)).toEqual([]);
    expect(result.matched.length).toBeGreaterThanOrEqual(20);
  });
});
