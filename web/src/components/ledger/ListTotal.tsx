/**
 * A ledger list's total, as exact as the server could cheaply say: "共 N 条" when counted, "约 N 条"
 * from the database's estimate, "超过 N 条" past the bound it counts to. The last two offer 精确统计,
 * which counts every record in a request of its own, made only when the user asks.
 */
import { Button } from 'antd';
import type { LedgerPage, LedgerRecord, Page } from '../../lib/types';

/** The answer of the separate count=exact request, once asked for. */
export interface ExactCount {
  data?: Page<LedgerRecord>;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

const figure = (n: number) => n.toLocaleString('zh-CN');

export function ListTotal({ page, exact, onCount }: { page: Pick<LedgerPage<LedgerRecord>, 'total' | 'totalKind'>; exact: ExactCount | undefined; onCount: () => void }) {
  if (page.totalKind === 'exact') return <span>共 {figure(page.total)} 条</span>;
  if (exact?.data) return <span>共 {figure(exact.data.total)} 条</span>;
  return (
    <span>
      {page.totalKind === 'estimate' ? `约 ${figure(page.total)} 条` : `超过 ${figure(page.total)} 条`}{' '}
      <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} loading={exact?.loading} onClick={exact?.error ? exact.reload : onCount}>
        {exact?.error ? '统计失败，重试' : '精确统计'}
      </Button>
    </span>
  );
}
