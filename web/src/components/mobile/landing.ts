/**
 * Where a grid worker lands: on a phone-sized screen, the phone screens (/m) — once per visit, so
 * choosing "电脑版" there is respected. Kept out of the page chunk: routes.tsx reads it at start.
 */
export const MOBILE_VISITED = 'fazhi.mobile.visited';
const NARROW = 600;

export function landsOnPhone(role: string): boolean {
  if (role !== 'gridWorker' || window.innerWidth >= NARROW) return false;
  try {
    return sessionStorage.getItem(MOBILE_VISITED) === null;
  } catch {
    return true;
  }
}
