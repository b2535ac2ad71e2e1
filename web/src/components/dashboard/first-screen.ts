/**
 * The dashboard's first screen, asked for as soon as the session is known: the figures' request
 * starts beside the dashboard's chunk instead of after it. Kept out of the page chunk (the shell
 * calls it) and small: only the request's path and query, shared with IndicatorCards.
 */
import { prefetch } from '../../lib/prefetch';
import type { Me } from '../../lib/types';
import { landsOnPhone } from '../mobile/landing';
import { isAdminRole } from '../../../../src/shared/roles.js';

export const FIGURES_PATH = '/api/dashboard/figures';

/** The query of a unit's figures for a year, in the order IndicatorCards asks it (the prefetch is keyed by it). */
export const figuresQuery = (orgId: string, year: number) => ({ org: orgId, year });

/** The year the dashboard opens on: ?year= when it names one up to the server's year, else the server's year. */
export function dashboardYear(today: string, search: string): number {
  const current = Number(today.slice(0, 4));
  const asked = Number(new URLSearchParams(search).get('year'));
  return Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current;
}

/** Where the browser is headed: the page itself, or from the sign-in page the ?next= it leads to. */
function destination(): URL {
  const here = new URL(window.location.href);
  if (here.pathname !== '/login') return here;
  const next = here.searchParams.get('next');
  return new URL(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', here.origin);
}

/** Starts the first screen's figures when the page being opened is the dashboard and the user has one. */
export function prefetchFirstScreen(me: Me): void {
  const target = destination();
  if (target.pathname !== '/' || me.mustChangePassword) return;
  if (isAdminRole(me.role) || landsOnPhone(me.role)) return;
  prefetch(FIGURES_PATH, figuresQuery(me.org.id, dashboardYear(me.today, target.search)));
}
