import { integer, person, text } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 人民调解委员会: one town or village people's mediation committee for one term. */
export const mediationCommittee = defineKind({
  code: 'mediationCommittee',
  label: '人民调解委员会',
  area: 'governance',
  description: '镇、村（社区）人民调解委员会的组成情况，一届一条记录；委员每届任期三年，可以连选连任。',
  orgLevels: ['town', 'village'],
  titleLabel: '调委会名称',
  dateLabel: '本届任期开始',
  dateRange: true,
  endDateLabel: '本届任期届满',
  fields: [
    person('director', '主任', { required: true, inList: true }),
    text('deputyDirectors', '副主任', { maxLength: 200 }),
    integer('memberCount', '委员人数', {
      required: true,
      inList: true,
      min: 3,
      max: 9,
      help: '人民调解委员会由委员三至九人组成（人民调解法第8条）',
    }),
    integer('femaleMemberCount', '其中女性委员', { max: 9, help: '调委会应当有妇女成员' }),
    text('members', '委员名单', { maxLength: 500 }),
    integer('mediatorCount', '人民调解员人数', { max: 1000 }),
    text('office', '办公地点', { maxLength: 200 }),
    text('officePhone', '办公电话', { maxLength: 40 }),
  ],
  indicators: [
    { code: 'mediation.committees', label: '人民调解委员会', aliases: ['人民调解委员会', '调委会'], unit: '个', measure: { op: 'count' }, period: 'active' },
    { code: 'mediation.mediators', label: '人民调解员', aliases: ['人民调解员', '调解员'], unit: '人', measure: { op: 'sum', field: 'mediatorCount' }, period: 'active' },
  ],
});
