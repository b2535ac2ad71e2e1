/** 发文, 专项督查, 公共法律服务事项, 法治仪式活动, 企业法治体检. */
import type { KindGenerator } from '../world.js';

const DOCUMENTS = ['关于开展安全生产大检查的通知', '关于做好防汛工作的通知', '关于印发年度工作要点的通知', '关于调整领导小组成员的通知', '关于加强耕地保护的通知'];

export const issuedDocument: KindGenerator = {
  kind: 'issuedDocument',
  weight: 1,
  make(w, i) {
    const day = w.anyDay();
    const issuer = w.rng.chance(0.4) ? 'party' : 'government';
    const reviewed = w.rng.chance(0.9);
    const year = w.cal.yearOf(day);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: `${w.name}${w.rng.pick(DOCUMENTS)}`,
        issuer,
        docNo: `${w.town.abbr}${issuer === 'party' ? '党发' : '政发'}〔${year}〕${i + 1}号`,
        normative: false,
        legalityReviewed: reviewed,
        reviewedBy: reviewed ? w.weighted([['justiceOffice', 70], ['legalAdvisor', 30]] as const) : null,
        reviewedOn: reviewed ? w.date(day) : null,
        reviewOpinion: null,
      },
    };
  },
};

export const specialSupervision: KindGenerator = {
  kind: 'specialSupervision',
  weight: 0.2,
  make(w) {
    const day = w.anyDay(45);
    const found = w.rng.int(0, 10);
    const rectified = found - (w.rng.chance(0.2) ? Math.min(found, 1) : 0);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: '法治政府建设重点任务落实情况专项督查',
        organiser: `${w.name}法治办`,
        scope: '镇属各站所、各村',
        problemsFound: found,
        problemsRectified: rectified,
        findings: found ? `发现问题${found}个` : '未发现问题',
        rectification: found ? '限期整改并复查' : null,
        rectifiedOn: found && rectified === found ? w.date(w.after(day, 10, 40)) : null,
      },
    };
  },
};

const SERVICES = ['consultation', 'mediation', 'legalAid', 'documentDrafting', 'notary', 'legalCheckup'] as const;

export const legalService: KindGenerator = {
  kind: 'legalService',
  weight: 1.5,
  make(w) {
    const day = w.anyDay();
    const items = w.rng.int(1, 20);
    return {
      unit: w.rng.chance(0.3) ? w.village().unit : w.town.unit,
      values: {
        date: w.date(day),
        title: '公共法律服务事项',
        category: w.rng.pick(SERVICES),
        itemCount: items,
        peopleServed: items + w.rng.int(0, 10),
        provider: '司法所',
        place: '公共法律服务工作站',
      },
    };
  },
};

export const ceremony: KindGenerator = {
  kind: 'ceremony',
  weight: 0.2,
  make(w) {
    const day = w.anyDay();
    const oath = w.rng.chance(0.6);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: oath ? '新任职干部宪法宣誓仪式' : '国家宪法日集中宣传活动',
        ceremonyType: oath ? 'constitutionalOath' : 'constitutionDay',
        organiser: `${w.name}党委`,
        location: `${w.name}政府会议室`,
        participants: w.rng.int(5, 120),
      },
    };
  },
};

export const enterpriseCheckup: KindGenerator = {
  kind: 'enterpriseCheckup',
  weight: 0.3,
  make(w, i) {
    const day = w.anyDay(30);
    return {
      unit: w.town.unit,
      values: {
        date: w.date(day),
        title: '企业法治体检',
        enterprise: `${w.name}第${(i % 12) + 1}号示例企业`,
        provider: '司法所、法律顾问',
        problemsFound: w.rng.int(0, 5),
        suggestionCount: w.rng.int(1, 6),
        suggestions: '规范合同管理和用工制度。',
        followedUpOn: w.rng.chance(0.5) ? w.date(w.after(day, 10, 25)) : null,
      },
    };
  },
};
