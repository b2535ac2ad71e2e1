import { choice, integer, person, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';

/** 会议: one meeting on rule-of-law work — a deployment meeting, a leading-group meeting, or law study before a meeting. */
export const meeting = defineKind({
  code: 'meeting',
  label: '会议',
  area: 'study',
  description: '镇里召开的法治建设相关会议，包括专题部署会、领导小组会议和党委会、政府常务会议的会前学法。',
  orgLevels: ['town'],
  titleLabel: '会议名称',
  dateLabel: '会议日期',
  fields: [
    choice('meetingKind', '会议类型', 'meeting.kind', { required: true, inList: true }),
    person('chair', '主持人', { inList: true }),
    text('location', '会议地点', { maxLength: 100 }),
    integer('attendeeCount', '参会人数', { max: 1000, inList: true }),
    text('attendees', '参会人员', { maxLength: 1000, help: '姓名或单位，多项用顿号分隔' }),
    textarea('agenda', '会议议题', { maxLength: 2000 }),
    text('lawsStudied', '会前学法内容', { maxLength: 500, help: '会前学法时填写所学法律法规' }),
    textarea('decisions', '议定事项', { maxLength: 5000 }),
  ],
  lists: [
    {
      code: 'meeting.kind',
      label: '会议类型',
      items: [
        ['deployment', '法治政府建设专题部署会'],
        ['leadingGroup', '法治建设领导小组会议'],
        ['executivePreStudy', '政府常务会议会前学法'],
        ['partyCommitteeStudy', '党委会议专题学法'],
        ['other', '其他'],
      ],
    },
  ],
  indicators: [
    { code: 'meeting.deployment', label: '法治政府建设专题部署会', aliases: ['部署会', '专题部署会', '部署会议', '专题部署', '研究部署'], unit: '次', measure: { op: 'count' }, where: [{ field: 'meetingKind', equals: 'deployment' }] },
    { code: 'meeting.pre_study', label: '常务会议会前学法', aliases: ['会前学法', '常务会学法', '常务会议学法'], unit: '次', measure: { op: 'count' }, where: [{ field: 'meetingKind', equals: 'executivePreStudy' }] },
    { code: 'meeting.leading_group', label: '法治建设领导小组会议', aliases: ['领导小组会议', '领导小组会'], unit: '次', measure: { op: 'count' }, where: [{ field: 'meetingKind', equals: 'leadingGroup' }] },
    { code: 'meeting.party_committee_study', label: '党委会议专题学法', aliases: ['党委会议学法', '党委会学法', '党委会会前学法'], unit: '次', measure: { op: 'count' }, where: [{ field: 'meetingKind', equals: 'partyCommitteeStudy' }] },
    { code: 'meeting.all', label: '法治建设相关会议', aliases: ['法治建设会议', '相关会议'], unit: '次', measure: { op: 'count' } },
  ],
});
