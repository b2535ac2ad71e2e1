import { choice, decimal, integer, recordLink, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import { TOWN_AND_BELOW } from '../../org/levels.js';

/** 学习: one study session — central-group study, 三会一课, a lecture, warning education and the like. */
export const studySession = defineKind({
  code: 'studySession',
  label: '学习',
  area: 'study',
  description: '干部学法的每一次活动：理论学习中心组学习、“三会一课”、法治讲座、警示教育等；可用标签标记专题研学。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '学习主题',
  dateLabel: '学习日期',
  tags: 'study.tag',
  fields: [
    choice('studyKind', '学习形式', 'study.kind', { required: true, inList: true }),
    text('lawsCovered', '学习的法律法规', { maxLength: 500, help: '多部用顿号分隔' }),
    recordLink('lawCatalogItem', '对应应知应会目录条目', 'lawCatalog'),
    text('presenter', '主讲人/领学人', { maxLength: 100, inList: true }),
    text('location', '学习地点', { maxLength: 100 }),
    integer('attendeeCount', '参学人数', { max: 1000, inList: true }),
    decimal('hours', '学时（小时）', { max: 24 }),
    textarea('content', '学习内容摘要', { maxLength: 3000 }),
  ],
  lists: [
    {
      code: 'study.kind',
      label: '学习形式',
      items: [
        ['centralGroup', '理论学习中心组学习'],
        ['threeMeetingsOneLesson', '三会一课'],
        ['lawStudy', '法治学习'],
        ['lecture', '法治讲座'],
        ['warningEducation', '警示教育'],
        ['documentStudy', '法治政府建设文件制度学习'],
      ],
    },
    {
      code: 'study.tag',
      label: '学习专题标签',
      items: [
        ['specialStudy', '专题研学习近平总书记关于法治建设的重要论述'],
        ['xiThought', '习近平法治思想'],
        ['constitution', '宪法'],
      ],
    },
  ],
  indicators: [
    // "中心组学法6次" counts the central group's sessions, not 法治学习 (lawStudy) nor 集体学法 (a total of four kinds).
    { code: 'study.central_group', label: '理论学习中心组学习', aliases: ['理论学习中心组', '中心组学习', '中心组', '中心组集体学习', '中心组学法', '中心组集中学法'], unit: '次', measure: { op: 'count' }, where: [{ field: 'studyKind', equals: 'centralGroup' }] },
    {
      code: 'study.central_group.special',
      label: '中心组专题研学习近平总书记关于法治建设的重要论述', aliases: ['专题研学', '专题学习', '专题研讨'],
      unit: '次',
      measure: { op: 'count' },
      where: [{ field: 'studyKind', equals: 'centralGroup' }, { field: 'tags', has: 'specialStudy' }],
    },
    { code: 'study.document', label: '法治政府建设文件制度学习', aliases: ['文件制度学习', '文件学习', '制度学习'], unit: '次', measure: { op: 'count' }, where: [{ field: 'studyKind', equals: 'documentStudy' }] },
    { code: 'study.law', label: '法治学习', aliases: ['法治学习', '集中学法', '学法活动', '学法'], unit: '次', measure: { op: 'count' }, where: [{ field: 'studyKind', equals: 'lawStudy' }] },
    { code: 'study.lecture', label: '法治讲座', aliases: ['法治讲座', '专题讲座', '讲座', '法治课'], unit: '次', measure: { op: 'count' }, where: [{ field: 'studyKind', equals: 'lecture' }] },
    { code: 'study.warning', label: '警示教育', aliases: ['警示教育'], unit: '次', measure: { op: 'count' }, where: [{ field: 'studyKind', equals: 'warningEducation' }] },
    { code: 'study.attendance', label: '参学人次', aliases: ['参学人次', '参学', '参加学习'], unit: '人次', measure: { op: 'sum', field: 'attendeeCount' } },
    { code: 'study.three_meetings_one_lesson', label: '“三会一课”学法', aliases: ['三会一课'], unit: '次', measure: { op: 'count' }, where: [{ field: 'studyKind', equals: 'threeMeetingsOneLesson' }] },
    { code: 'study.sessions', label: '干部学法活动', aliases: ['学法学习活动', '各类学习'], unit: '次', measure: { op: 'count' } },
    // Any form of study on the special topic, not only the central group's.
    { code: 'study.special', label: '专题学习', aliases: ['开展专题学习', '专题学法', '专题学习活动'], unit: '次', measure: { op: 'count' }, where: [{ field: 'tags', has: 'specialStudy' }] },
    { code: 'study.law.attendance', label: '法治学习参学人次', aliases: ['学法参学人次', '参加学法'], unit: '人次', measure: { op: 'sum', field: 'attendeeCount' }, where: [{ field: 'studyKind', equals: 'lawStudy' }] },
    { code: 'study.hours', label: '学法学时', aliases: ['学时', '学习时长'], unit: '小时', measure: { op: 'sum', field: 'hours' } },
    // 集体学法: law studied together, before Party committee and executive meetings, in the central group and in cadres' sessions.
    {
      code: 'study.collective',
      label: '集体学法', aliases: ['集体学法', '集体学法活动'],
      unit: '次',
      total: ['meeting.party_committee_study', 'meeting.pre_study', 'study.central_group', 'study.law'],
    },
  ],
});
