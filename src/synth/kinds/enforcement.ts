/** 执法规范: inspections, penalty cases, training and exams, equipment, certificates, case-file reviews. */
import type { RecordValues } from '../../ledger/validation.js';
import { maskedName } from '../names.js';
import type { KindGenerator } from '../world.js';
import { plusYears } from '../world.js';

const DOMAINS: ReadonlyArray<readonly [string, string, number]> = [
  ['workSafety', '安全生产', 25],
  ['foodDrug', '食品药品安全', 20],
  ['fireSafety', '消防安全', 15],
  ['naturalResources', '自然资源', 15],
  ['ecoEnvironment', '生态环境', 15],
  ['publicHealth', '公共卫生', 5],
  ['other', '市容环境', 5],
];

export const inspection: KindGenerator = {
  kind: 'inspection',
  weight: 3,
  make(w) {
    const [domain, label] = w.weighted(DOMAINS.map((d) => [d, d[2]] as const));
    const day = w.anyDay();
    const targets = w.rng.int(5, 80);
    const found = w.rng.int(0, Math.floor(targets / 3));
    const rectified = found - (w.rng.chance(0.2) ? w.rng.int(0, Math.min(2, found)) : 0);
    const officers = w.rng.sample(w.cast.officers, Math.min(3, w.cast.officers.length));
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: `${w.date(day).slice(0, 7).replace('-', '年')}月${label}专项执法检查`,
        domain,
        leadDepartment: `${w.name}综合行政执法队`,
        jointDepartments: w.rng.chance(0.4) ? '县级主管部门派出机构' : null,
        officers: officers.map((o) => o.name).join('、'),
        targetsInspected: targets,
        problemsFound: found,
        problemsRectified: rectified,
        casesFiled: w.rng.chance(0.1) ? Math.min(found, 1) : 0,
        recorderUsed: w.rng.chance(0.9),
        findings: found ? `发现${label}方面问题${found}处，已当场责令整改。` : '未发现问题。',
      },
    };
  },
};

const VIOLATIONS: ReadonlyArray<readonly [string, string]> = [
  ['未经批准占用耕地建房', '《中华人民共和国土地管理法》第七十八条'],
  ['露天焚烧秸秆', '《中华人民共和国大气污染防治法》第一百一十九条'],
  ['无证经营食品小作坊', '省食品小作坊小餐饮管理条例'],
  ['违规燃放烟花爆竹', '《烟花爆竹安全管理条例》第四十二条'],
  ['在道路两侧违规堆放杂物', '《公路安全保护条例》第五十九条'],
  ['违法倾倒建筑垃圾', '《城市市容和环境卫生管理条例》第三十六条'],
];

type CaseStatus = 'filed' | 'investigating' | 'notified' | 'decided' | 'served' | 'executed' | 'closed';
const CASE_STATES: ReadonlyArray<readonly [CaseStatus, number]> = [
  ['closed', 55],
  ['executed', 10],
  ['served', 8],
  ['investigating', 8],
  ['filed', 7],
  ['notified', 7],
  ['decided', 5],
];
const ORDER: readonly CaseStatus[] = ['filed', 'investigating', 'notified', 'decided', 'served', 'executed', 'closed'];

export const penaltyCase: KindGenerator = {
  kind: 'penaltyCase',
  weight: 0.4,
  make(w, i, n) {
    const status = w.state(i, n, CASE_STATES);
    const reached = (s: CaseStatus) => ORDER.indexOf(status) >= ORDER.indexOf(s);
    const legalAudit = w.rng.chance(0.3);
    const hearing = reached('notified') && w.rng.chance(0.1);
    const statement = w.rng.chance(0.6);
    // The gaps between steps, drawn once; the dates follow from the filing day (the decision well
    // within 90 days, the short periods of the law in working days).
    const cal = w.cal;
    const gap = {
      investigate: w.rng.int(3, 20),
      audit: w.rng.int(2, 8),
      notify: w.rng.int(2, 8),
      state: w.rng.int(1, 4),
      notice: w.rng.int(2, 4),
      hear: w.rng.int(7, 12),
      decide: w.rng.int(1, 5),
      serve: w.rng.int(0, 5),
      publish: w.rng.chance(0.85) ? w.rng.int(1, 6) : null,
      execute: w.rng.int(3, 30),
      close: w.rng.int(2, 15),
    };
    const plan = (filed: number) => {
      const investigated = cal.workdayFrom(filed + gap.investigate);
      const audited = cal.workdayFrom(investigated + gap.audit);
      const notified = cal.workdayFrom((legalAudit ? audited : investigated) + gap.notify);
      const stated = statement ? cal.workdayFrom(notified + gap.state) : null;
      const noticed = hearing ? cal.workdayFrom(notified + gap.notice) : null;
      const heard = noticed !== null ? cal.addWorkdays(noticed, gap.hear) : null;
      // Without a statement on record the party's 5 working days must have passed.
      const earliest = Math.max(stated ?? 0, heard ?? 0, legalAudit ? audited : 0, statement ? notified : cal.addWorkdays(notified, 5));
      const decided = cal.addWorkdays(earliest, gap.decide);
      const served = cal.addWorkdays(decided, gap.serve);
      const published = gap.publish === null ? null : cal.addWorkdays(decided, gap.publish);
      const executed = cal.workdayFrom(served + gap.execute);
      const closed = cal.workdayFrom(executed + gap.close);
      return { investigated, audited, notified, stated, noticed, heard, decided, served, published, executed, closed };
    };
    // The course's length from a trial start; holidays move it by a few days, hence the margin.
    const trial = plan(cal.yearStart(cal.firstYear) + 30);
    const length = (day: number | null) => (day === null ? 0 : day - cal.yearStart(cal.firstYear) - 30);
    const spans: Record<CaseStatus, number> = {
      filed: 0,
      investigating: 0,
      notified: Math.max(length(trial.notified), length(trial.stated), length(trial.heard)),
      decided: Math.max(length(trial.decided), length(trial.published)),
      served: Math.max(length(trial.served), length(trial.published)),
      executed: length(trial.executed),
      closed: length(trial.closed),
    };
    // Open cases were filed lately; a closed one anywhere its whole course fits.
    const filed = status === 'closed' ? w.anyDay(spans.closed + 15) : w.recentDay(status === 'filed' ? 10 : 30, spans[status] + 15);
    const d = plan(filed);
    const on = (day: number | null, from: CaseStatus) => (day !== null && reached(from) ? w.date(day) : null);
    const [violation, basis] = w.rng.pick(VIOLATIONS);
    const penaltyKind = w.weighted([['fine', 70], ['warning', 15], ['confiscation', 5], ['suspension', 5], ['other', 5]] as const);
    const person = w.rng.chance(0.6);
    const year = cal.yearOf(filed);
    const values: RecordValues = {
      date: w.date(filed),
      title: `${person ? '当事人' : '某经营户'}${violation}案`,
      caseNo: `${w.town.abbr}综执罚立〔${year}〕${i + 1}号`,
      partyType: person ? 'person' : 'entity',
      partyName: person ? maskedName(w.rng) : `${w.town.abbr}某某商贸有限公司（示例）`,
      violation,
      legalBasis: basis,
      legalAuditRequired: legalAudit,
      hearingRequested: hearing,
      penaltyKind: reached('decided') ? penaltyKind : null,
      amount: reached('decided') && (penaltyKind === 'fine' || penaltyKind === 'confiscation') ? w.rng.int(2, 500) * 100 : null,
      investigatedOn: reached('notified') ? w.date(d.investigated) : null,
      legalAuditOn: legalAudit ? on(d.audited, 'notified') : null,
      notifiedOn: on(d.notified, 'notified'),
      statementOn: on(d.stated, 'notified'),
      hearingNoticeOn: on(d.noticed, 'notified'),
      hearingOn: on(d.heard, 'notified'),
      decidedOn: on(d.decided, 'decided'),
      servedOn: on(d.served, 'served'),
      publishedOn: on(d.published, 'decided'),
      executedOn: on(d.executed, 'executed'),
      closedOn: on(d.closed, 'closed'),
      status,
    };
    return { unit: w.town.unit, values };
  },
};

export const enforcementTraining: KindGenerator = {
  kind: 'enforcementTraining',
  weight: 0.8,
  make(w) {
    const exam = w.rng.chance(0.25);
    const higher = w.rng.chance(0.6);
    const attendees = w.rng.int(3, 15);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(w.anyDay()),
        title: exam ? '行政执法人员法律知识考试' : w.rng.pick(['行政执法三项制度专题培训', '综合行政执法业务培训', '执法文书制作规范培训']),
        activityKind: exam ? 'exam' : 'training',
        organiser: higher ? 'higher' : 'own',
        organiserName: higher ? '县（区）司法局' : `${w.name}综合行政执法队`,
        topics: '行政处罚法、行政强制法、执法程序规范',
        attendeeCount: attendees,
        hours: exam ? 2 : w.rng.int(2, 16),
        passedCount: exam ? attendees - w.rng.int(0, 2) : null,
      },
    };
  },
};

const EQUIPMENT: ReadonlyArray<readonly [string, string, string, number]> = [
  ['bodyCamera', '执法记录仪', 'DSJ-V8', 60],
  ['printer', '便携式执法文书打印机', 'BT-200', 15],
  ['vehicle', '执法车辆', '皮卡', 10],
  ['other', '无人机', 'M30', 15],
];

export const equipment: KindGenerator = {
  kind: 'equipment',
  weight: 0.5,
  make(w, i) {
    const [type, label, model] = w.weighted(EQUIPMENT.map((e) => [e, e[3]] as const));
    const day = w.anyDay();
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: `${label}（${model}）`,
        equipmentType: type,
        model,
        serialNo: `${w.town.abbr}${type.slice(0, 2).toUpperCase()}${w.cal.yearOf(day)}${String(i + 1).padStart(3, '0')}`,
        holder: w.officer().id,
        inServiceSince: w.date(day),
        purchasePrice: type === 'vehicle' ? w.rng.int(80, 160) * 1000 : w.rng.int(8, 60) * 100,
        status: w.weighted([['inService', 85], ['retired', 10], ['repair', 5]] as const),
      },
    };
  },
};

export const enforcementCertificate: KindGenerator = {
  kind: 'enforcementCertificate',
  weight: 0.5,
  make(w, i) {
    const officer = w.cast.officers[i % w.cast.officers.length] ?? w.officer();
    const day = w.anyDay();
    const issued = w.date(day);
    return {
      unit: w.town.unit,
      values: {
        date: issued,
        title: `${officer.name}行政执法证`,
        officer: officer.id,
        certificateNo: String(15_000_000_000 + w.town.index * 10_000 + i),
        certificateType: w.rng.chance(0.9) ? 'enforcement' : 'supervision',
        department: w.weighted([['comprehensiveEnforcement', 70], ['agriculture', 15], ['naturalResources', 15]] as const),
        issuingBody: `${w.provinceName}人民政府`,
        enforcementScope: '综合行政执法',
        examPassed: true,
        issuedOn: issued,
        expiresOn: plusYears(issued, 6),
        status: w.weighted([['valid', 85], ['cancelled', 10], ['suspended', 5]] as const),
      },
    };
  },
};

export const caseReview: KindGenerator = {
  kind: 'caseReview',
  weight: 0.3,
  make(w) {
    const files = w.rng.chance(0.6);
    const day = w.anyDay(45);
    const found = w.rng.int(0, 8);
    const rectified = found - (w.rng.chance(0.2) ? Math.min(found, 1) : 0);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: files ? `${w.cal.yearOf(day)}年度行政执法案卷评查` : '行政执法专项督查',
        reviewKind: files ? 'caseFileReview' : 'specialSupervision',
        organiser: w.rng.chance(0.6) ? '县（区）司法局' : `${w.name}法治办`,
        scope: '本年度办结的行政处罚案卷',
        filesReviewed: w.rng.int(5, 40),
        problemsFound: found,
        problemsRectified: rectified,
        findings: found ? `发现文书制作不规范等问题${found}个` : '未发现问题',
        rectification: found ? '逐项整改，完善案卷归档' : null,
        rectifiedOn: found && rectified === found ? w.date(w.after(day, 10, 40)) : null,
      },
    };
  },
};
