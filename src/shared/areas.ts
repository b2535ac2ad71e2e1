/** The six areas of the annual report, in its order: the ledger's kinds and the county's assessment items both belong to one. */
export const REPORT_AREAS = {
  leadership: '第一责任人',
  study: '学法用法',
  decision: '依法决策',
  enforcement: '执法规范',
  governance: '基层治理',
  publicity: '普法',
} as const;
