/**
 * The daily run in the server: once at start, then every day at 07:00 Beijing time, before the
 * working day begins. Only `fazhi serve` starts it; the timers never keep the process alive.
 */
import { todayInChina } from '../core/dates.js';
import type { ReminderLog, ReminderService } from './service.js';

export const DAILY_HOUR = 7;
const DAY_MS = 24 * 3_600_000;
/** China has kept UTC+8 all year since 1991: no daylight saving to account for. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Milliseconds from `now` to the next `hour`:00 in Asia/Shanghai (a full day when it is exactly that time). */
export function msUntilNext(hour: number, now: Date): number {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const wait = hour * 3_600_000 - sinceMidnight;
  return wait > 0 ? wait : wait + DAY_MS;
}

/**
 * Starts the daily reminders; returns the function that stops them. `today` names the day to
 * remind of (the demo database keeps its own reference day; see src/procedures/settings.ts).
 */
export function scheduleDailyReminders(
  reminders: ReminderService,
  log: ReminderLog,
  now: () => Date = () => new Date(),
  today: () => Promise<string> = () => Promise.resolve(todayInChina(now())),
): () => void {
  const runToday = () => {
    today()
      .then((on) => reminders.run(on).catch((error: unknown) => log.warn(`提醒（${on}）未能完成：${error instanceof Error ? error.message : String(error)}`)))
      .catch((error: unknown) => log.warn(`提醒未能开始：${error instanceof Error ? error.message : String(error)}`));
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    runToday();
    interval = setInterval(runToday, DAY_MS);
    interval.unref();
  }, msUntilNext(DAILY_HOUR, now()));
  first.unref();
  runToday();
  return () => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  };
}
