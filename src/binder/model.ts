/**
 * The evidence binder (佐证材料) as the renderers see it: a cover, numbered sections (one per figure
 * of an annual report), and each section's records read a page at a time with their attachments.
 * A source yields pages so that a binder of thousands of records is never all in memory at once.
 */

export interface BinderAttachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  /** Where the stored file is on disk (content-addressed, see src/attachments/service.ts). */
  path: string;
}

export interface BinderRecord {
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  date: string | null;
  orgName: string | null;
  /** The record's other fields as "label：value" items, personal information masked unless revealed. */
  details: string[];
  attachments: BinderAttachment[];
}

export interface BinderSection {
  /** 1-based, printed as 一、二、… */
  number: number;
  code: string;
  heading: string;
  /** What the figure is and how many records stand behind it, one sentence. */
  summary: string;
  kindLabel: string;
  total: number;
}

export interface BinderOutline {
  title: string;
  orgName: string;
  year: number;
  /** The cover's line under the title, e.g. "（2025年度法治政府建设情况报告）". */
  subtitle: string;
  /** Printed on the cover: whether personal information is masked or shown in full. */
  privacyNote: string;
  sections: BinderSection[];
}

export interface BinderSource {
  outline: BinderOutline;
  /** A section's records, in pages, in the order the report page lists them. */
  records(section: BinderSection): AsyncIterable<BinderRecord[]>;
}

/** Progress of a build: what is done out of the whole, in [0, 1], and what is being done. */
export type ProgressListener = (fraction: number, stage: string) => void;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 35 → 三十五, 100 → 一百 (section numbers of an official document). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n);
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    return `${DIGITS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)}`;
  }
  return String(n);
}
