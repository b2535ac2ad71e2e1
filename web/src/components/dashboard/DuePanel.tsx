/** The first few overdue and due-soon items on the dashboard, each a link to where it is dealt with. */
import { Alert, Badge, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { messageOf } from '../../lib/api';
import { useMe } from '../../lib/session';
import { seesTowns, unitLabel } from '../ledger/model';
import type { DueItem, DueList } from '../../lib/types';
import { byUrgency, daysLeftText, dueHref, DUE_SOURCES } from './format';

interface Props {
  due: DueList | undefined;
  loading: boolean;
  error: unknown;
  limit?: number;
}

/** One due item as a list row: days left, the item (a link), and what is due by when, where (the town too for those above towns). */
export function DueRow({ item, withRule = false }: { item: DueItem; withRule?: boolean }) {
  const withTown = seesTowns(useMe().org.level);
  const unit = unitLabel(item);
  const where = [withTown && item.townName !== unit ? item.townName : null, unit].filter(Boolean).join(' · ');
  return (
    <List.Item style={{ paddingInline: 0 }}>
      <div style={{ display: 'flex', gap: 12, width: '100%', alignItems: 'flex-start' }}>
        <Tag color={item.overdue ? 'red' : item.daysLeft <= 3 ? 'orange' : 'blue'} style={{ minWidth: 72, textAlign: 'center', marginInlineEnd: 0 }}>
          {daysLeftText(item)}
        </Tag>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Link to={dueHref(item)} style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: withRule ? 'normal' : 'nowrap' }} title={item.title}>
            {item.kindLabel ? `「${item.kindLabel}」` : ''}
            {item.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.step} · 期限 {item.due} · {where}
            {item.source !== 'procedure' ? ` · ${DUE_SOURCES[item.source] ?? ''}` : ''}
            {item.extendedDays ? ` · 已延长${item.extendedDays}天` : ''}
          </Typography.Text>
          {withRule && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>
              依据：{item.rule}
            </Typography.Paragraph>
          )}
        </div>
      </div>
    </List.Item>
  );
}

export function DuePanel({ due, loading, error, limit = 8 }: Props) {
  const items = [...(due?.items ?? [])].sort(byUrgency).slice(0, limit);
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      title={
        <Space size={8} wrap>
          <span>逾期与即将到期</span>
          {due && (
            <>
              <Badge count={due.overdue} showZero color={due.overdue ? '#dc2626' : '#6b7280'} title={`已逾期 ${due.overdue} 项`} />
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                截至 {due.on}，{due.within} 天内到期 {due.dueSoon} 项
              </Typography.Text>
            </>
          )}
        </Space>
      }
      extra={<Link to="/due">查看全部</Link>}
    >
      {error ? (
        <Alert type="error" showIcon title="无法加载待办" description={messageOf(error)} />
      ) : loading && !due ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : !items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有逾期或即将到期的事项" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => <DueRow item={item} />}
        />
      )}
    </Card>
  );
}
