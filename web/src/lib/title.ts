/** The browser tab's title: "年度报告 - 法治台账", the page first so tabs and history tell pages apart. */
import { useEffect } from 'react';

export const SITE_TITLE = '法治台账';

export const pageTitle = (page?: string) => (page ? `${page} - ${SITE_TITLE}` : SITE_TITLE);

/** Sets the tab's title while the page is shown; `undefined` leaves it to the page around. */
export function usePageTitle(page: string | undefined): void {
  useEffect(() => {
    if (page !== undefined) document.title = pageTitle(page);
  }, [page]);
}
