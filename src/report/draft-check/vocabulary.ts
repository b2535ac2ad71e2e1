/**
 * The words a draft check reads a figure by: each indicator's own words (label, aliases, and the
 * ones a town confirmed), the ledger kind it counts, and the words that name each kind ("评查",
 * "督查", "检查"), so that "督查整改15个问题" is not taken for the rectified problems of 执法检查.
 *
 * Each word is specific or generic, as the indicator's definition declares it: a specific word
 * ("企业法治体检", "执法培训") names its indicator on its own; a generic one ("提出建议", "参训",
 * "同比增长", said of many things) only when the figure's sentence also names the indicator's topic
 * (its `topicWords`, or else the words of its kind). "对村规民约提出建议12条" is then no 法治体检
 * figure, while "开展企业法治体检，提出建议40条" is.
 */

/** What the check needs to know of an indicator definition. */
export interface VocabularyIndicator {
  code: string;
  label: string;
  aliases?: readonly string[];
  /** Words that name the indicator only beside a word of its topic (see Common.genericAliases). */
  genericAliases?: readonly string[];
  /** The words of its topic; by default those of its kind. */
  topicWords?: readonly string[];
  /** The ledger kind a ledger indicator counts. */
  kind?: string;
  ratio?: { numerator: string; denominator: string };
  /** A change against last year, and a total across indicators: their kind is their parts'. */
  change?: { of: string };
  total?: readonly string[];
}

export interface Vocabulary {
  /** Words for each indicator besides its label: each names it on its own. */
  synonyms: Readonly<Record<string, readonly string[]>>;
  /** Words that name an indicator only when the figure's sentence names its topic too ("提出建议" beside "法治体检"). */
  generic: Readonly<Record<string, readonly string[]>>;
  /** The words that name each indicator's topic, for its generic words; none for an indicator without a kind or declared topic. */
  topics: Readonly<Record<string, readonly string[]>>;
  /** Words a town confirmed for an indicator; they outrank built-in words and are never generic (see aliases.ts). */
  townSynonyms: Readonly<Record<string, readonly string[]>>;
  /** The kind each indicator counts (a ratio: its numerator's); absent for counts of the org tree. */
  kindOf: Readonly<Record<string, string>>;
  /** Each word that names a kind, with the kinds it names. */
  kindWords: ReadonlyMap<string, readonly string[]>;
  /** Ratios by code, so "排查化解…215件" can be given to the wider side. */
  ratios: Readonly<Record<string, { numerator: string; denominator: string }>>;
}

/**
 * Words that name a built-in kind without saying which of its figures is meant. Used only when
 * no kind's own label names the word: a label always wins ("督查" names whichever kind is labelled
 * 专项督查). Unknown kinds are ignored, so kinds may be renamed or split freely.
 */
const KIND_NOUNS: Readonly<Record<string, readonly string[]>> = {
  meeting: ['会议', '部署会', '常务会'],
  studySession: ['学习'],
  lawExam: ['学法考试', '考试'],
  legalAdvisor: ['法律顾问', '律师'],
  disclosure: ['政务公开', '政务信息', '信息公开'],
  normativeDocument: ['规范性文件', '党政文件'],
  issuedDocument: ['发文', '印发文件'],
  dutyList: ['权责清单', '清单'],
  contractReview: ['合同'],
  majorDecision: ['重大行政决策', '重大决策', '决策'],
  reconsideration: ['复议', '应诉'],
  inspection: ['执法检查', '检查', '巡查'],
  penaltyCase: ['行政处罚', '处罚', '罚没', '罚款'],
  enforcementTraining: ['执法培训', '培训'],
  equipment: ['执法装备', '装备'],
  enforcementCertificate: ['执法证', '持证', '执法人员'],
  caseReview: ['案卷评查', '评查', '案卷'],
  specialSupervision: ['专项督查', '督查'],
  dispute: ['矛盾纠纷', '纠纷', '矛盾'],
  screeningRound: ['排查'],
  petition: ['信访', '来信来访', '上访'],
  mediationCommittee: ['调委会', '调解委员会'],
  legalService: ['公共法律服务', '法律服务', '法律援助', '法律咨询'],
  enterpriseCheckup: ['法治体检', '企业法治体检'],
  publicityItem: ['普法', '宣传'],
  legalLiterate: ['法律明白人', '示范村'],
  ceremony: ['宪法宣誓', '宣誓', '宪法日', '仪式'],
  planItem: ['工作计划', '计划'],
  gridPost: ['网格'],
  gridPartyGroup: ['党小组'],
  principalLeaderDuty: ['述法', '第一责任人', '述职'],
};

/**
 * Matters reports speak of that no kind records here (yet): named in a sentence, they keep a figure
 * from being given to an indicator of some other kind (a hotline's figures are not the petition office's).
 */
const OTHER_MATTERS = ['热线'];
export const OTHER_KIND = '(other)';

/** A kind's label in pieces ("案卷评查/专项督查" → 案卷评查, 专项督查, 评查, 督查): a four-character piece is named by its last two too. */
function labelWords(label: string): string[] {
  const pieces = label.split(/[/／、（）()·]/).map((p) => p.trim()).filter((p) => p.length >= 2);
  return [...pieces, ...pieces.filter((p) => p.length === 4).map((p) => p.slice(-2))];
}

export function buildVocabulary(
  indicators: readonly VocabularyIndicator[],
  kinds: ReadonlyArray<{ code: string; label: string }>,
  townAliases: ReadonlyArray<{ code: string; phrase: string }> = [],
): Vocabulary {
  const synonyms: Record<string, string[]> = {};
  const generic: Record<string, string[]> = {};
  const townSynonyms: Record<string, string[]> = {};
  const ratios: Record<string, { numerator: string; denominator: string }> = {};
  const direct: Record<string, string> = {};
  const parts: Record<string, readonly string[]> = {};
  for (const i of indicators) {
    synonyms[i.code] = [...(i.aliases ?? [])];
    if (i.genericAliases?.length) generic[i.code] = [...i.genericAliases];
    if (i.ratio) ratios[i.code] = i.ratio;
    if (i.kind) direct[i.code] = i.kind;
    if (i.change) parts[i.code] = [i.change.of];
    else if (i.total) parts[i.code] = i.total;
  }
  const kindOf: Record<string, string> = {};
  // A derived figure is of its parts' kind (when they share one), so the kind a sentence is about
  // guards it as it guards a count: "信访总量同比增加5件" is no change in contract reviews.
  const resolve = (code: string, depth = 0): string | undefined => {
    if (direct[code]) return direct[code];
    if (depth >= 5) return undefined;
    const ratio = ratios[code];
    if (ratio) return resolve(ratio.numerator, depth + 1);
    const of = (parts[code] ?? []).map((p) => resolve(p, depth + 1));
    return of.length > 0 && of.every((k) => k !== undefined && k === of[0]) ? of[0] : undefined;
  };
  for (const i of indicators) {
    const kind = resolve(i.code);
    if (kind) kindOf[i.code] = kind;
  }
  for (const a of townAliases) (townSynonyms[a.code] ??= []).push(a.phrase);

  const byLabel = new Map<string, string[]>();
  for (const k of kinds) for (const w of labelWords(k.label)) byLabel.set(w, [...new Set([...(byLabel.get(w) ?? []), k.code])]);
  const known = new Set(kinds.map((k) => k.code));
  const byNoun = new Map<string, string[]>();
  for (const [kind, words] of Object.entries(KIND_NOUNS)) {
    if (!known.has(kind)) continue;
    for (const w of words) byNoun.set(w, [...(byNoun.get(w) ?? []), kind]);
  }
  const kindWords = new Map<string, readonly string[]>(OTHER_MATTERS.map((w) => [w, [OTHER_KIND]]));
  for (const [w, ks] of byNoun) kindWords.set(w, ks);
  for (const [w, ks] of byLabel) kindWords.set(w, ks);
  // A generic word's topic: the words declared with the indicator, or every word naming its kind.
  const topics: Record<string, readonly string[]> = {};
  for (const i of indicators) {
    if (!i.genericAliases?.length) continue;
    const kind = kindOf[i.code];
    topics[i.code] = i.topicWords ?? (kind ? [...kindWords].filter(([, ks]) => ks.includes(kind)).map(([w]) => w) : []);
  }
  return { synonyms, generic, topics, townSynonyms, kindOf, kindWords, ratios };
}
