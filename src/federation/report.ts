/**
 * The national roll-up report: the federated figures composed by the same report code as a
 * town's or a county's (compose, drafting, the DOCX and HTML renderers), with the provinces as
 * the rows of the table where a county report has its towns.
 */
import { todayInChina } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import type { IndicatorValue } from '../indicators/definition.js';
import { previousYear, resolvePeriod } from '../indicators/period.js';
import { composeReport } from '../report/compose.js';
import { draftFindings, draftSections } from '../report/drafting.js';
import type { ComposedReport, ReportTemplate } from '../report/model.js';
import { FederatedIndicators, type WholeTree } from './indicators.js';
import { defaultNationalTemplate } from './national-template.js';

export interface NationalReportOptions {
  /** What the roll-up is called: 全国, or e.g. 西北五省（区） when only some provinces take part. */
  name?: string;
  /** To whom it goes, and who signs it. */
  superior?: string;
  signer?: string;
  template?: ReportTemplate;
  /** The date under the signature, 'YYYY-MM-DD'. */
  date?: string;
}

export const NATIONAL_DEFAULTS = { name: '全国', superior: '中央全面依法治国委员会办公室', signer: '司法部' };

export async function buildNationalReport(db: Db, wholeTree: WholeTree, year: number, options: NationalReportOptions = {}): Promise<ComposedReport> {
  const period = resolvePeriod({ year });
  const indicators = new FederatedIndicators(db, wholeTree);
  const toMap = (values: IndicatorValue[]) => new Map(values.map((v) => [v.code, v]));
  const now = await indicators.evaluate(period);
  const lastYear = await indicators.evaluate(previousYear(period));
  const today = todayInChina();
  const monthsElapsed = today.slice(0, 4) > String(year) ? 12 : Math.max(0, Number(today.slice(5, 7)) - 1);
  // No national plan items: the plan rule looks at a unit's own plan, which a roll-up has none of.
  const findings = draftFindings({ year, values: toMap(now.values), lastYear: toMap(lastYear.values), plans: [], monthsElapsed });
  const name = options.name?.trim() || NATIONAL_DEFAULTS.name;
  return composeReport({
    template: options.template ?? defaultNationalTemplate,
    orgId: 'federation',
    orgName: name,
    superior: options.superior?.trim() || NATIONAL_DEFAULTS.superior,
    government: options.signer?.trim() || NATIONAL_DEFAULTS.signer,
    year,
    values: toMap(now.values),
    units: now.provinces.map((p) => ({ name: p.province.name, values: toMap(p.values) })),
    tableCaption: `${name}各省（自治区、直辖市）主要指标`,
    drafted: draftSections(findings),
    date: options.date ?? today,
  });
}
