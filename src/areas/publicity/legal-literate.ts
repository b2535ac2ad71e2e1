import { choice, integer, org, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import { TOWN_AND_BELOW } from '../../org/levels.js';

/** 法律明白人/民主法治示范村: one recognition — a resident named 法律明白人, or a village named a model village. */
export const legalLiterate = defineKind({
  code: 'legalLiterate',
  label: '法律明白人/民主法治示范村',
  area: 'publicity',
  description: '培养认定的“法律明白人”和获评的民主法治示范村（社区），记录命名级别和年度。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '名称',
  dateLabel: '认定日期',
  fields: [
    choice('recognitionKind', '类别', 'legalLiterate.kind', { required: true, inList: true }),
    person('person', '法律明白人', { help: '类别为法律明白人时填写' }),
    org('village', '村（社区）', { levels: ['village'], inList: true }),
    choice('level', '命名级别', 'legalLiterate.level', { inList: true }),
    integer('year', '年度', { required: true, min: 2000, max: 2100 }),
    text('awardedBy', '命名机关', { maxLength: 100 }),
    text('docNo', '命名文号', { maxLength: 60 }),
  ],
  lists: [
    {
      code: 'legalLiterate.kind',
      label: '认定类别',
      items: [
        ['legalLiterateResident', '法律明白人'],
        ['modelVillage', '民主法治示范村（社区）'],
      ],
    },
    {
      code: 'legalLiterate.level',
      label: '命名级别',
      items: [
        ['national', '国家级'],
        ['provincial', '省级'],
        ['city', '市级'],
        ['county', '县级'],
      ],
    },
  ],
  indicators: [
    { code: 'legal_literate.residents', label: '培养认定法律明白人', aliases: ['法律明白人'], unit: '名', measure: { op: 'count' }, where: [{ field: 'recognitionKind', equals: 'legalLiterateResident' }] },
    { code: 'legal_literate.model_villages', label: '获评民主法治示范村（社区）', aliases: ['民主法治示范村', '示范村'], unit: '个', measure: { op: 'count' }, where: [{ field: 'recognitionKind', equals: 'modelVillage' }] },
  ],
});
