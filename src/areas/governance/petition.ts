import { boolean, choice, date, org, person, text, textarea } from '../../ledger/fields.js';
import { defineKind } from '../../ledger/kind.js';
import type { RecordValues } from '../../ledger/validation.js';
import { addCalendarDays } from '../../procedures/calendar.js';
import { TOWN_AND_BELOW, VILLAGE_AND_BELOW } from '../../org/levels.js';

/** 信访: one petition (letter, visit, online or phone), from registration to a handled reply and any review. */
export const petition = defineKind({
  code: 'petition',
  label: '信访',
  area: 'governance',
  description:
    '登记的信访事项，记录受理或不予受理、办理答复和复查复核；对越级访、进京非访等记录接返劝返，对重点人员落实稳控和结对帮扶。',
  orgLevels: TOWN_AND_BELOW,
  titleLabel: '信访事项',
  dateLabel: '登记日期',
  fields: [
    text('petitioner', '信访人', { required: true, maxLength: 200, sensitive: true, help: '集体访填写代表姓名' }),
    text('petitionerIdNumber', '身份证号', {
      maxLength: 18,
      sensitive: true,
      pattern: '^\\d{17}[\\dXx]$',
      patternHint: '18位居民身份证号码',
    }),
    text('petitionerPhone', '联系电话', { maxLength: 40, sensitive: true }),
    text('petitionerAddress', '住址', { maxLength: 200, sensitive: true }),
    org('village', '所在村（社区）', { levels: VILLAGE_AND_BELOW, inList: true }),
    choice('form', '信访形式', 'petition.form', { required: true, inList: true }),
    boolean('skipLevel', '越级访'),
    boolean('beijingVisit', '进京非访'),
    boolean('collective', '集体访'),
    boolean('repeated', '重复访'),
    boolean('keyPerson', '重点人员'),
    date('acceptedOn', '受理日期', { help: '收到之日起15日内决定是否受理并书面告知' }),
    date('declinedOn', '不予受理告知日期'),
    date('handledOn', '办结答复日期', { help: '一般自受理之日起60日内办结；情况复杂的经负责人批准可延长，不超过30日' }),
    date('reviewRequestedOn', '请求复查（复核）日期', { help: '信访人自收到书面答复之日起30日内可请求复查，复查意见之日起30日内可请求复核' }),
    date('reviewAnsweredOn', '复查（复核）意见日期'),
    person('pairedLeader', '结对领导', { help: '结对子：与信访人结对联系的领导干部' }),
    person('stabilisationResponsible', '稳控责任人'),
    textarea('returnPersuasion', '接返劝返情况', { maxLength: 2000, help: '越级访、进京非访时填写' }),
    textarea('helpGiven', '帮扶情况', { maxLength: 2000 }),
    choice('status', '状态', 'petition.status', { required: true, inList: true }),
    textarea('outcome', '办理结果', { maxLength: 5000 }),
  ],
  procedure: {
    statusField: 'status',
    steps: [
      { code: 'registered', label: '登记', field: 'date', statuses: ['registered'] },
      { code: 'accepted', label: '受理并书面告知', field: 'acceptedOn', after: ['registered'], statuses: ['accepted', 'handling'], basis: '信访工作条例第22、23条', check: notBothAcceptedAndDeclined },
      { code: 'declined', label: '不予受理并书面告知', field: 'declinedOn', optional: true, after: ['registered'], statuses: ['declined'], basis: '信访工作条例第22、23条' },
      { code: 'handled', label: '办结并书面答复', field: 'handledOn', after: ['accepted'], statuses: ['handled'], basis: '信访工作条例第34条' },
      {
        code: 'reviewRequested',
        label: '请求复查（复核）',
        field: 'reviewRequestedOn',
        optional: true,
        after: ['handled'],
        statuses: ['reviewing'],
        basis: '信访工作条例第35、36条',
        check: reviewRequestedInTime,
      },
      { code: 'reviewAnswered', label: '出具复查（复核）意见', field: 'reviewAnsweredOn', optional: true, after: ['reviewRequested'], statuses: ['reviewed'], basis: '信访工作条例第35、36条' },
    ],
    deadlines: [
      {
        code: 'acceptance',
        label: '决定是否受理并书面告知',
        from: 'registered',
        until: ['accepted', 'declined'],
        days: 15,
        count: 'calendar',
        basis: '信访工作条例第22、23条：收到之日起15日内',
      },
      {
        code: 'handling',
        label: '办结并书面答复',
        from: 'accepted',
        until: ['handled'],
        days: 60,
        count: 'calendar',
        basis: '信访工作条例第34条：自受理之日起60日内办结',
        extension: { maxDays: 30, basis: '信访工作条例第34条：经负责人批准可延长，延长期限不得超过30日' },
        endedBy: ['declined'],
      },
      {
        code: 'review',
        label: '出具复查（复核）意见',
        from: 'reviewRequested',
        until: ['reviewAnswered'],
        days: 30,
        count: 'calendar',
        basis: '信访工作条例第35、36条：收到请求之日起30日内',
      },
    ],
  },
  lists: [
    {
      code: 'petition.form',
      label: '信访形式',
      items: [
        ['letter', '来信'],
        ['visit', '来访'],
        ['online', '网上信访'],
        ['phone', '电话'],
      ],
    },
    {
      code: 'petition.status',
      label: '信访事项状态',
      items: [
        ['registered', '登记'],
        ['accepted', '已受理'],
        ['declined', '不予受理'],
        ['handling', '办理中'],
        ['handled', '已办结'],
        ['reviewing', '复查复核中'],
        ['reviewed', '复查复核已答复'],
      ],
    },
  ],
  indicators: [
    { code: 'petition.received', label: '受理信访事项', aliases: ['受理信访', '信访事项', '信访件', '来信来访', '信访'], unit: '件', measure: { op: 'count' } },
    { code: 'petition.key_persons', label: '信访重点人员', aliases: ['信访重点人员', '信访重点人'], genericAliases: ['重点人员', '重点人'], unit: '人', measure: { op: 'count' }, where: [{ field: 'keyPerson', equals: true }] },
    { code: 'petition.skip_level', label: '越级访、进京非访', aliases: ['越级访', '进京非访', '越级上访', '非访'], unit: '件', measure: { op: 'count' }, where: [{ field: 'skipLevel', equals: true }] },
    { code: 'petition.collective', label: '集体访', aliases: ['集体访', '集体上访'], unit: '件', measure: { op: 'count' }, where: [{ field: 'collective', equals: true }] },
    { code: 'petition.repeated', label: '重复访', aliases: ['重复访', '重复信访'], unit: '件', measure: { op: 'count' }, where: [{ field: 'repeated', equals: true }] },
  ],
});

function notBothAcceptedAndDeclined(values: RecordValues) {
  if (values.acceptedOn && values.declinedOn) return [{ field: 'declinedOn', message: '同一信访事项不能既受理又不予受理' }];
  return [];
}

/** 信访工作条例第35条: a review is asked for within 30 days of the written reply. */
function reviewRequestedInTime(values: RecordValues) {
  const handled = values.handledOn;
  const requested = values.reviewRequestedOn;
  if (typeof handled !== 'string' || typeof requested !== 'string') return [];
  const last = addCalendarDays(handled, 30);
  if (requested <= last) return [];
  return [{ field: 'reviewRequestedOn', message: `复查请求应在收到书面答复之日起30日内提出（信访工作条例第35条），最迟 ${last}` }];
}
