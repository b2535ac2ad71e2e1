import { choice, date, decimal, integer, text, textarea } from '../../ledger/fields.js';
import { AREAS, defineKind, type AreaCode } from '../../ledger/kind.js';

/** The report areas a plan item may aim at: the five sections plus the first-person duty. */
const PLANNED_AREAS: readonly AreaCode[] = ['leadership', 'study', 'decision', 'enforcement', 'governance', 'publicity'];

/** 工作计划: one goal of a year's rule-of-law work plan, optionally tied to an indicator and a target value. */
export const planItem = defineKind({
  code: 'planItem',
  label: '工作计划',
  area: 'plan',
  description: '年度法治政府建设工作计划中的一项目标，可关联一个指标和目标值，便于年终对照完成情况。',
  orgLevels: ['town'],
  titleLabel: '计划事项',
  dateLabel: '制定日期',
  fields: [
    integer('year', '计划年度', { required: true, inList: true, min: 2000, max: 2100 }),
    choice('planArea', '所属方面', 'planItem.area', { required: true, inList: true }),
    textarea('goal', '目标内容', { required: true, maxLength: 2000 }),
    text('indicatorCode', '对应指标', {
      maxLength: 100,
      pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$',
      patternHint: '指标代码，如 publicity.offline_events',
    }),
    decimal('targetValue', '目标值', { max: 1_000_000_000 }),
    text('responsibleUnit', '责任单位', { maxLength: 100 }),
    date('dueOn', '完成时限', { notBefore: 'date', ahead: true }),
    choice('status', '进展状态', 'planItem.status', { inList: true }),
    textarea('progress', '进展情况', { maxLength: 3000 }),
  ],
  lists: [
    {
      code: 'planItem.area',
      label: '工作计划所属方面',
      items: PLANNED_AREAS.map((code) => [code, AREAS[code]] as const),
    },
    {
      code: 'planItem.status',
      label: '计划进展状态',
      items: [
        ['notStarted', '未启动'],
        ['inProgress', '推进中'],
        ['done', '已完成'],
        ['deferred', '延后'],
      ],
    },
  ],
  indicators: [{ code: 'plan.items', label: '年度工作计划事项', aliases: ['计划事项', '工作计划事项'], unit: '条', measure: { op: 'count' } }],
});
