/** 通知: the user's own reminders, newest first; each can be marked read, or all at once. */
import { App, Alert, Button, Empty, Flex, List, Popconfirm, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { recordHref } from './format';
import type { Notification, NotificationPage } from './types';

const PAGE_SIZE = 20;
const SEVERITY: Record<string, { color: string; label: string }> = {
  overdue: { color: 'red', label: '已逾期' },
  dueSoon: { color: 'orange', label: '即将到期' },
};

export function Notifications() {
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<string | null>(null);
  const { data, loading, error, reload } = useApi<NotificationPage>('/api/notifications', { unread: unreadOnly ? 'true' : undefined, page, pageSize: PAGE_SIZE });

  const markRead = async (n: Notification) => {
    setBusy(n.id);
    try {
      await api.post(`/api/notifications/${n.id}/read`);
      reload();
    } catch (e) {
      void message.error(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const markAll = async () => {
    setBusy('all');
    try {
      await api.post('/api/notifications/read-all');
      void message.success('已全部标为已读');
      setPage(1);
      reload();
    } catch (e) {
      void message.error(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: `未读${data ? ` ${data.unread}` : ''}` },
          ]}
          aria-label="只看未读"
        />
        <Popconfirm title={`把 ${data?.unread ?? 0} 条未读通知全部标为已读？`} okText="全部标为已读" cancelText="取消" onConfirm={markAll} disabled={!data?.unread}>
          <Button disabled={!data?.unread} loading={busy === 'all'}>
            全部标为已读
          </Button>
        </Popconfirm>
      </Flex>
      {error ? (
        <Alert type="error" showIcon title="无法加载通知" description={messageOf(error)} action={<Button onClick={reload}>重试</Button>} />
      ) : loading && !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <List<Notification>
          bordered
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={unreadOnly ? '没有未读通知' : '还没有通知：每天的提醒任务会把逾期和即将到期的事项发到这里'} /> }}
          pagination={
            data && data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` }
              : false
          }
          renderItem={(n) => {
            const severity = SEVERITY[n.severity];
            return (
              <List.Item
                style={{ background: n.readAt ? undefined : '#f8fafc', alignItems: 'flex-start' }}
                actions={
                  n.readAt
                    ? [<Typography.Text key="read" type="secondary" style={{ fontSize: 12 }}>已读</Typography.Text>]
                    : [
                        <Button key="read" size="small" loading={busy === n.id} onClick={() => void markRead(n)} aria-label={`把“${n.title}”标为已读`}>
                          标为已读
                        </Button>,
                      ]
                }
              >
                <div style={{ minWidth: 0 }}>
                  <Space size={6} wrap style={{ marginBottom: 4 }}>
                    {severity && <Tag color={severity.color}>{severity.label}</Tag>}
                    {n.kind && n.recordId ? (
                      <Link to={recordHref(n.kind, n.recordId)} style={{ fontWeight: n.readAt ? 400 : 600 }}>
                        {n.title}
                      </Link>
                    ) : (
                      <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                    )}
                  </Space>
                  <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 13 }}>
                    {n.body}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    提醒日期 {n.on}
                  </Typography.Text>
                </div>
              </List.Item>
            );
          }}
        />
      )}
    </Flex>
  );
}
