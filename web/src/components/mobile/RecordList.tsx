/** Recent disputes or screening rounds of the worker's own units, newest first; those the worker reported are marked. */
import { Alert, Button, Spin, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { messageOf } from '../../lib/api';
import { optionLabel } from '../../lib/kinds';
import { useMe } from '../../lib/session';
import { unitLabel } from '../ledger/model';
import type { Kind, LedgerRecord, Page } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { monthLabel } from './dates';

const STATUS_COLORS: Record<string, string> = { registered: 'blue', mediating: 'orange', resolved: 'green', unresolved: 'red', transferred: 'purple' };

export function RecordList({ kind, pageSize, onlyMine, onMore, empty }: { kind: Kind; pageSize: number; onlyMine?: boolean; onMore?: () => void; empty: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const { data, loading, error, reload } = useApi<Page<LedgerRecord>>(`/api/ledgers/${kind.code}`, { sort: '-date', pageSize });
  const items = (data?.items ?? []).filter((r) => !onlyMine || r.createdBy === me.id);

  // Record lists hold other people's data and are not kept for offline use (offline/cache-policy.ts).
  if (error && !navigator.onLine) return <div className="m-card m-hint">没有网络，联网后显示最近的记录。</div>;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title={`没有加载出来：${messageOf(error)}`}
        action={
          <Button size="large" onClick={reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (loading && !data) {
    return (
      <div className="m-card" style={{ textAlign: 'center' }}>
        <Spin description="正在加载…">
          <div style={{ height: 40 }} />
        </Spin>
      </div>
    );
  }
  if (!items.length) return <div className="m-card m-hint">{empty}</div>;

  return (
    <div aria-busy={loading}>
      {items.map((r) => (
        <button key={r.id} type="button" className="m-record" onClick={() => navigate(`/m/records/${kind.code}/${r.id}`)}>
          <div className="m-record-title">{r.title}</div>
          <div className="m-record-meta">
            {kind.code === 'screeningRound' ? (
              <>
                <span>{typeof r.month === 'string' ? monthLabel(r.month) : r.date}</span>
                <span>发现纠纷 {typeof r.disputesFound === 'number' ? r.disputesFound : 0} 件</span>
              </>
            ) : (
              <>
                <span>{r.date}</span>
                {typeof r.status === 'string' && <Tag color={STATUS_COLORS[r.status] ?? 'default'}>{optionLabel(kind, 'status', r.status)}</Tag>}
                {typeof r.category === 'string' && <span>{optionLabel(kind, 'category', r.category)}</span>}
              </>
            )}
            {unitLabel(r) && <span>{unitLabel(r)}</span>}
            {r.createdBy === me.id && <Tag color="cyan">我上报</Tag>}
          </div>
        </button>
      ))}
      {onMore && data && data.total > data.items.length && (
        <Button size="large" block className="m-btn" onClick={onMore} loading={loading}>
          加载更多（共 {data.total} 条）
        </Button>
      )}
    </div>
  );
}
