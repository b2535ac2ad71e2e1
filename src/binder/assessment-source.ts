/**
 * The binder of a town's assessment (法治政府建设考核): one section per item of the county's scheme,
 * in the scheme's order, with the records the item counts (src/assessment/service.ts evidence),
 * completed a page at a time with their fields and attachments as for the annual report.
 */
import type { AppContext } from '../context.js';
import type { OrgUnit } from '../org/repository.js';
import type { Scope } from '../org/scope.js';
import type { BinderSection, BinderSource } from './model.js';
import { RECORDS_PER_PAGE, RecordReader, requireReveal, type ListedRecord, type RevealRequest } from './report-source.js';

const formatPoints = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export async function assessmentBinderSource(ctx: AppContext, scope: Scope, schemeId: string, unit: OrgUnit, reveal?: RevealRequest): Promise<BinderSource> {
  const evidence = await ctx.assessments.evidence(scope, schemeId, unit.id);
  if (reveal) await requireReveal(ctx, scope);
  const listed = new Map<string, ListedRecord[]>();
  const sections: BinderSection[] = evidence.items.map((item, i) => {
    listed.set(item.code, item.records);
    const kinds = [...new Set(item.records.map((r) => r.kindLabel))].join('、');
    return {
      number: i + 1,
      code: item.code,
      heading: `${item.code}\u3000${item.title}（${formatPoints(item.points)}分）`,
      summary: item.records.length
        ? `本项属“${item.section}”，依据${kinds}${item.records.length}条，逐条列明如下。`
        : `本项属“${item.section}”，台账中没有对应的记录。`,
      kindLabel: kinds,
      total: item.records.length,
    };
  });
  const reader = new RecordReader(ctx, scope, unit, reveal);
  return {
    outline: {
      title: `${unit.name}${evidence.scheme.year}年度法治政府建设考核佐证材料`,
      orgName: unit.name,
      year: evidence.scheme.year,
      subtitle: `（${evidence.scheme.orgName}《${evidence.scheme.title}》）`,
      privacyNote: reveal ? '本材料按申请显示个人信息原文，已记入审计日志，请妥善保管' : '本材料中的个人信息已作遮蔽处理',
      sections,
    },
    async *records(section) {
      const all = listed.get(section.code) ?? [];
      for (let start = 0; start < all.length; start += RECORDS_PER_PAGE) yield reader.complete(all.slice(start, start + RECORDS_PER_PAGE), section.kindLabel);
    },
  };
}
