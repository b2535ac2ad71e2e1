/**
 * The assessment on paper: the score sheet (xlsx, one row per item, one column per town), the
 * notice of results (通报, a DOCX in the official layout of the annual report), and a scheme as
 * a workbook the county can edit in Excel and read back (one row per item). ExcelJS and docx load
 * with the first of these, not with the server.
 */
const excel = async () => (await import('exceljs')).default;
import type ExcelJS from 'exceljs';
import { chineseDate } from '../report/compose.js';
import type { Block, ComposedReport } from '../shared/report.js';
import { ASSESSMENT_AREAS, ASSESSMENT_STATUS, RULE_LABELS, type AssessmentArea, type AssessmentOverview, type AssessmentSection, type RuleType, type Scheme, type ScoringRule } from '../shared/assessment.js';
import { fieldError } from '../core/errors.js';

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** Every town's score on every item, with totals and ranks: the sheet the county files. */
export async function scoreSheet(overview: AssessmentOverview): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  const sheet = book.addWorksheet('考核得分');
  const towns = [...overview.towns].sort((a, b) => a.rank - b.rank);
  sheet.addRow([overview.scheme.title]);
  sheet.mergeCells(1, 1, 1, 4 + towns.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow(['序号', '领域', '考核内容', '分值', ...towns.map((t) => t.org.name)]).font = { bold: true };
  for (const item of overview.items) sheet.addRow([item.code, ASSESSMENT_AREAS[item.area], item.title, item.points, ...towns.map((t) => t.scores[item.code] ?? 0)]);
  sheet.addRow(['', '', '总分', overview.scheme.totalPoints, ...towns.map((t) => t.total)]).font = { bold: true };
  sheet.addRow(['', '', '名次', '', ...towns.map((t) => t.rank)]);
  sheet.addRow(['', '', '状态', '', ...towns.map((t) => ASSESSMENT_STATUS[t.status])]);
  sheet.getColumn(3).width = 40;
  for (let c = 5; c <= 4 + towns.length; c += 1) sheet.getColumn(c).width = 12;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The notice of results (考核结果通报) from the county to its towns, in the annual report's official layout. */
export async function resultsNotice(overview: AssessmentOverview, date: string): Promise<Buffer> {
  const { scheme } = overview;
  const ranked = [...overview.towns].sort((a, b) => a.rank - b.rank);
  const confirmed = ranked.filter((t) => t.status === 'confirmed');
  const pending = ranked.filter((t) => t.status !== 'confirmed');
  const para = (text: string): Block => ({ type: 'paragraph', runs: [{ text }] });
  const best = confirmed[0];
  const blocks: Block[] = [
    para(
      `根据《${scheme.title}》，${scheme.orgName}对所辖${ranked.length}个镇${scheme.year}年度法治政府建设工作进行了考核。考核以各镇台账记录为依据逐项计分，经各镇自评、考核组审核，现将考核结果通报如下。`,
    ),
    { type: 'heading', level: 1, text: '一、考核结果' },
    para(
      confirmed.length
        ? `已确认考核结果的镇共${confirmed.length}个（满分${fmt(scheme.totalPoints)}分）${best ? `，其中${best.org.name}得分最高，为${fmt(best.total)}分` : ''}。${pending.length ? `${pending.map((t) => t.org.name).join('、')}的考核结果尚在审核中，确认后另行通报。` : ''}`
        : '各镇考核结果尚在审核中，确认后另行通报。',
    ),
    {
      type: 'table',
      caption: `${scheme.year}年度各镇法治政府建设考核得分`,
      columns: ['名次', '镇', '得分', '状态'],
      rows: ranked.map((t) => [String(t.rank), t.org.name, fmt(t.total), ASSESSMENT_STATUS[t.status]]),
    },
    { type: 'heading', level: 1, text: '二、有关要求' },
    para('各镇要对照考核中失分的项目认真分析原因，补齐台账和佐证材料，逐项整改落实；整改情况纳入下一年度考核。'),
  ];
  const notice: ComposedReport = {
    orgId: scheme.orgId,
    orgName: scheme.orgName,
    year: scheme.year,
    title: `关于${scheme.year}年度镇级法治政府建设考核结果的通报`,
    addressee: '各镇人民政府：',
    blocks,
    signature: scheme.orgName,
    dateText: chineseDate(date),
    date,
    problems: [],
  };
  const { renderDocx } = await import('../report/render/docx.js');
  return renderDocx(notice);
}

// ---- a scheme as a workbook ---------------------------------------------------------------------

const HEADERS = ['部分', '领域', '序号', '考核内容', '分值', '评分规则', '依据指标', '参数一', '参数二', '参数三', '佐证台账', '须附附件', '评分标准'] as const;
const RULE_BY_LABEL = new Map<string, RuleType>(Object.entries(RULE_LABELS).map(([code, label]) => [label, code as RuleType]));
const AREA_BY_LABEL = new Map<string, AssessmentArea>(Object.entries(ASSESSMENT_AREAS).map(([code, label]) => [label, code as AssessmentArea]));

/** The rule's numbers in the parameter columns: 达标值; 起始值, 满分值; 目标值, 差距单位, 每次扣分. */
const paramsOf = (rule: ScoringRule): number[] =>
  rule.type === 'threshold' ? [rule.min] : rule.type === 'proportional' ? [rule.from, rule.to] : rule.type === 'deduction' ? [rule.target, rule.step, rule.deduct] : [];

export async function schemeWorkbook(scheme: Scheme): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  const sheet = book.addWorksheet('考核方案');
  sheet.addRow([...HEADERS]).font = { bold: true };
  for (const section of scheme.sections) {
    for (const item of section.items) {
      const params = paramsOf(item.rule);
      sheet.addRow([
        section.title,
        ASSESSMENT_AREAS[section.area],
        item.code,
        item.title,
        item.points,
        RULE_LABELS[item.rule.type],
        item.rule.type === 'manual' ? '' : item.rule.indicator,
        params[0] ?? '',
        params[1] ?? '',
        params[2] ?? '',
        item.evidenceKinds.join('、'),
        item.attachmentsRequired ? '是' : '否',
        item.standard ?? '',
      ]);
    }
  }
  const info = book.addWorksheet('说明');
  info.addRow(['方案名称', scheme.title]);
  info.addRow(['年度', scheme.year]);
  info.addRow(['自评截止日期', scheme.deadline]);
  info.addRow(['参数', '达到即得分：参数一为达标值；按比例得分：参数一为起始值、参数二为满分值；按差距扣分：参数一为目标值、参数二为差距单位、参数三为每次扣分']);
  sheet.columns.forEach((c, i) => (c.width = [28, 10, 8, 36, 6, 12, 30, 8, 8, 8, 24, 8, 40][i] ?? 10));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return cellText(v.result);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') return '';
  return String(v).trim();
};

/**
 * The sections of a scheme read from a workbook written by schemeWorkbook (or by hand in its
 * columns); the service validates the result as any scheme. Rows name the field they fail on.
 */
export async function sectionsFromWorkbook(data: Buffer): Promise<{ sections: AssessmentSection[]; title?: string; deadline?: string }> {
  const book = new (await excel()).Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw fieldError('file', '文件不是有效的 Excel 工作簿（.xlsx）');
  }
  const sheet = book.getWorksheet('考核方案') ?? book.worksheets[0];
  if (!sheet) throw fieldError('file', '工作簿中没有「考核方案」工作表');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const col = (name: (typeof HEADERS)[number]) => header.indexOf(name) + 1;
  for (const name of ['部分', '序号', '考核内容', '分值', '评分规则'] as const) if (col(name) === 0) throw fieldError('file', `缺少「${name}」列`);
  const sections: AssessmentSection[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const get = (name: (typeof HEADERS)[number]) => (col(name) ? cellText(row.getCell(col(name)).value) : '');
    if (!get('序号') && !get('考核内容')) return;
    const num = (name: (typeof HEADERS)[number]) => {
      const value = Number(get(name));
      if (get(name) === '' || !Number.isFinite(value)) throw fieldError(`row${n}`, `第${n}行「${name}」应为数字`);
      return value;
    };
    const ruleType = RULE_BY_LABEL.get(get('评分规则'));
    if (!ruleType) throw fieldError(`row${n}`, `第${n}行「评分规则」应为${Object.values(RULE_LABELS).join('、')}之一`);
    const indicator = get('依据指标');
    const rule: ScoringRule =
      ruleType === 'threshold'
        ? { type: 'threshold', indicator, min: num('参数一') }
        : ruleType === 'proportional'
          ? { type: 'proportional', indicator, from: num('参数一'), to: num('参数二') }
          : ruleType === 'deduction'
            ? { type: 'deduction', indicator, target: num('参数一'), step: num('参数二'), deduct: num('参数三') }
            : { type: 'manual' };
    const title = get('部分');
    const area = AREA_BY_LABEL.get(get('领域')) ?? (get('领域') as AssessmentArea);
    let section = sections.find((s) => s.title === title);
    if (!section) {
      section = { title, area, items: [] };
      sections.push(section);
    }
    const standard = get('评分标准');
    section.items.push({
      code: get('序号'),
      title: get('考核内容'),
      points: num('分值'),
      rule,
      evidenceKinds: get('佐证台账') ? get('佐证台账').split(/[、,，\s]+/).filter(Boolean) : [],
      attachmentsRequired: get('须附附件') === '是',
      ...(standard ? { standard } : {}),
    });
  });
  const info = book.getWorksheet('说明');
  const infoValue = (label: string) => {
    let found: string | undefined;
    info?.eachRow((row) => {
      if (cellText(row.getCell(1).value) === label) found = cellText(row.getCell(2).value);
    });
    return found;
  };
  return { sections, ...(infoValue('方案名称') ? { title: infoValue('方案名称') } : {}), ...(infoValue('自评截止日期') ? { deadline: infoValue('自评截止日期') } : {}) };
}
