import { boolean, choice, date, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 执法证: one enforcement certificate held by an officer; 持证率 counts officers with a valid one. */
export const enforcementCertificate = defineKind({
  code: 'enforcementCertificate',
  label: '执法证',
  area: 'enforcement',
  description: '执法人员持有的行政执法证件，记录证号、发证机关和有效期，用于统计持证情况和提醒到期换证。',
  orgLevels: ['county', 'town'],
  titleLabel: '证件名称',
  dateLabel: '登记日期',
  fields: [
    person('officer', '持证人', { required: true, inList: true }),
    text('certificateNo', '证件编号', { required: true, inList: true, maxLength: 40 }),
    choice('certificateType', '证件类型', 'enforcementCertificate.type'),
    choice('department', '所在科室（站所）', 'enforcementCertificate.department', {
      inList: true,
      help: '持证人所在的执法科室或站所；持证人员不足两名的科室（站所）列入待办',
    }),
    text('issuingBody', '发证机关', { maxLength: 100 }),
    text('enforcementScope', '执法类别/区域', { maxLength: 200 }),
    boolean('examPassed', '资格考试合格'),
    date('issuedOn', '发证日期'),
    date('expiresOn', '有效期至', { notBefore: 'issuedOn', inList: true, ahead: true }),
    choice('status', '证件状态', 'enforcementCertificate.status'),
  ],
  lists: [
    {
      code: 'enforcementCertificate.type',
      label: '执法证件类型',
      items: [
        ['enforcement', '行政执法证'],
        ['supervision', '行政执法监督证'],
      ],
    },
    {
      code: 'enforcementCertificate.department',
      label: '执法科室（站所）',
      items: [
        ['comprehensiveEnforcement', '综合行政执法队（办）'],
        ['agriculture', '农业农村（农牧）综合服务中心'],
        ['naturalResources', '自然资源所'],
        ['emergency', '应急管理（安全生产）办'],
        ['ecology', '生态环境办'],
        ['other', '其他'],
      ],
    },
    {
      code: 'enforcementCertificate.status',
      label: '执法证件状态',
      items: [
        ['valid', '有效'],
        ['suspended', '暂扣'],
        ['cancelled', '注销或吊销'],
      ],
    },
  ],
  indicators: [
    // Officers on the certificate ledger, unless their certificate was cancelled (they left enforcement).
    {
      code: 'enforcement.officers',
      label: '登记在册的执法人员', aliases: ['行政执法人员', '执法人员'],
      unit: '人',
      measure: { op: 'distinct', field: 'officer' },
      where: [{ field: 'status', notIn: ['cancelled'] }, { field: 'certificateType', notIn: ['supervision'] }],
      period: 'active',
    },
    // Holding an enforcement certificate not expired, suspended or cancelled at some time in the period.
    {
      code: 'enforcement.certified',
      label: '持有效执法证的人员', aliases: ['持有执法证', '持证执法人员', '取得执法证', '持证'],
      unit: '人',
      measure: { op: 'distinct', field: 'officer' },
      where: [{ field: 'status', notIn: ['suspended', 'cancelled'] }, { field: 'certificateType', notIn: ['supervision'] }],
      period: 'active',
      endField: 'expiresOn',
    },
    {
      code: 'enforcement.certified.new',
      label: '新取得执法证的人员', aliases: ['新取得执法证', '新增持证', '新办执法证', '新申领执法证'],
      unit: '人',
      measure: { op: 'distinct', field: 'officer' },
      where: [{ field: 'certificateType', notIn: ['supervision'] }],
      dateField: 'issuedOn',
    },
    {
      code: 'enforcement.certification_rate',
      label: '执法人员持证率', aliases: ['持证率'],
      unit: '%',
      ratio: { numerator: 'enforcement.certified', denominator: 'enforcement.officers' },
    },
  ],
});
