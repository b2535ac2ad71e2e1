import { boolean, choice, integer, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 专项执法检查: one special enforcement inspection in a domain, with what it found and what was put right. */
export const inspection = defineKind({
  code: 'inspection',
  label: '专项执法检查',
  area: 'enforcement',
  description: '镇综合行政执法队在食品药品、安全生产、生态环境等领域开展的一次专项执法检查，记录检查对象、发现和整改的问题。',
  orgLevels: ['town'],
  titleLabel: '检查名称',
  dateLabel: '检查日期',
  fields: [
    choice('domain', '检查领域', 'inspection.domain', { required: true, inList: true }),
    text('leadDepartment', '牵头单位', { maxLength: 100 }),
    text('jointDepartments', '联合检查部门', { maxLength: 200 }),
    text('officers', '执法人员', { maxLength: 300, help: '不少于两人，姓名用顿号分隔' }),
    integer('targetsInspected', '检查对象数', { inList: true, max: 100_000 }),
    integer('problemsFound', '发现问题数', { inList: true, max: 100_000 }),
    integer('problemsRectified', '已整改问题数', { max: 100_000, help: '不超过发现问题数' }),
    integer('casesFiled', '移送或立案数', { max: 10_000 }),
    boolean('recorderUsed', '全程使用执法记录仪'),
    textarea('findings', '主要问题及处理', { maxLength: 3000 }),
  ],
  lists: [
    {
      code: 'inspection.domain',
      label: '执法检查领域',
      items: [
        ['foodDrug', '食品药品安全'],
        ['publicHealth', '公共卫生'],
        ['naturalResources', '自然资源'],
        ['ecoEnvironment', '生态环境'],
        ['workSafety', '安全生产'],
        ['fireSafety', '消防安全'],
        ['other', '其他'],
      ],
    },
  ],
  indicators: [
    { code: 'enforcement.inspections', label: '专项执法检查', aliases: ['专项执法检查', '执法检查', '专项检查', '检查', '巡查'], unit: '次', measure: { op: 'count' } },
    { code: 'enforcement.inspection_targets', label: '检查对象', aliases: ['检查对象', '检查企业', '检查商户'], genericAliases: ['经营主体', '商户', '企业'], unit: '家', measure: { op: 'sum', field: 'targetsInspected' } },
    { code: 'enforcement.problems_found', label: '检查发现问题', genericAliases: ['发现问题', '问题隐患', '隐患'], unit: '个', measure: { op: 'sum', field: 'problemsFound' } },
    { code: 'enforcement.problems_rectified', label: '已整改问题', genericAliases: ['已整改', '整改', '整改到位', '整改问题'], unit: '个', measure: { op: 'sum', field: 'problemsRectified' } },
    {
      code: 'enforcement.rectification_rate',
      label: '问题整改率', genericAliases: ['问题整改率', '整改率'],
      unit: '%',
      ratio: { numerator: 'enforcement.problems_rectified', denominator: 'enforcement.problems_found' },
    },
  ],
});
