/** Calendar dates are 'YYYY-MM-DD' strings everywhere: portable across engines and sortable. */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** An instant as people in China read it: '2025/3/8 14:05'. */
export const formatBeijingTime = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

export function nowIso(): string {
  return new Date().toISOString();
}

// Made once: building a formatter costs far more than formatting a date with it (a profile of record creation showed it).
const chinaDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** Today in Asia/Shanghai, where every user of the product lives. */
export function todayInChina(now = new Date()): string {
  return chinaDate.format(now);
}
