/**
 * For the town office (and leaders, the county): when each grid worker's phone last synced its
 * outbox, and what it still held then. A worker who has not synced for days may be sitting on
 * records that never reached the ledger.
 */
import { Alert, Card, Table, Tag } from 'antd';
import { messageOf } from '../lib/api';
import { useMe } from '../lib/session';
import { useApi } from '../lib/useApi';
import type { GridWorkerSync } from '../../../src/shared/outbox.js';
import { clockLabel } from './mobile/dates';

const ROLES_WHO_SEE = ['townOffice', 'leader', 'countyReviewer'];

export function GridWorkerSyncs() {
  const me = useMe();
  const may = ROLES_WHO_SEE.includes(me.role);
  const { data, loading, error } = useApi<{ items: GridWorkerSync[] }>(may ? '/api/outbox/grid-workers' : null);
  if (!may) return null;
  return (
    <Card title="网格员手机同步情况" size="small" style={{ marginTop: 16 }}>
      {error ? (
        <Alert type="error" showIcon title={messageOf(error)} />
      ) : (
        <Table<GridWorkerSync>
          size="small"
          rowKey="userId"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '管辖范围内没有网格员账号' }}
          columns={[
            { title: '网格员', dataIndex: 'displayName' },
            { title: '所在单位', dataIndex: 'orgName' },
            { title: '最近同步', dataIndex: 'syncedAt', render: (at: string | null) => (at ? clockLabel(at) : <Tag>从未同步</Tag>) },
            { title: '当时待上报', dataIndex: 'pending', render: (n: number) => (n > 0 ? <Tag color="gold">{n} 条</Tag> : '0') },
            { title: '被退回', dataIndex: 'refused', render: (n: number) => (n > 0 ? <Tag color="red">{n} 条</Tag> : '0') },
          ]}
        />
      )}
    </Card>
  );
}
