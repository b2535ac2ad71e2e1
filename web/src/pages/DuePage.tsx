/**
 * 待办与提醒: what is overdue or due soon in the user's jurisdiction (with the rule behind each
 * deadline), the user's own notifications, and the day's digest. The tab, day and window live in
 * the URL, so a link reproduces the view.
 */
import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { Digest } from '../components/dashboard/Digest';
import { DueTable } from '../components/dashboard/DueTable';
import { Notifications } from '../components/dashboard/Notifications';
import type { DueList } from '../lib/types';
import { useApi } from '../lib/useApi';

const TABS = ['due', 'notifications', 'digest'] as const;
type Tab = (typeof TABS)[number];
const WITHIN = [7, 14, 30, 60];

export default function DuePage() {
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'due';
  const on = params.get('on') ?? undefined;
  const within = WITHIN.includes(Number(params.get('within'))) ? Number(params.get('within')) : 14;
  // The server's day (on the demo database, its reference day) for the digest when none is chosen.
  const today = useApi<DueList>(on || tab !== 'digest' ? null : '/api/due', { within: 1 });

  const patch = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        待办与提醒
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => patch({ tab: key === 'due' ? undefined : key })}
        items={[
          {
            key: 'due',
            label: '待办',
            children: <DueTable on={on} within={within} onChange={(c) => patch({ on: c.on ?? on, within: String(c.within ?? within) })} />,
          },
          { key: 'notifications', label: '通知', children: <Notifications /> },
          { key: 'digest', label: '每日摘要', children: <Digest on={on ?? today.data?.on} onChange={(d) => patch({ on: d })} /> },
        ]}
      />
    </div>
  );
}
