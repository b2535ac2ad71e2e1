/**
 * The day the product counts from, as the server says (GET /api/session → me.today): today in China,
 * or the demo's reference day on the demo database. Until the server has answered, the
 * device's clock in Beijing time.
 */
const BEIJING = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

let serverToday: string | undefined;

export const setServerToday = (day: string | undefined) => {
  serverToday = day;
};

export const today = () => serverToday ?? BEIJING.format(new Date());
