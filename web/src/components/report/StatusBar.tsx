/**
 * Where the report stands: 草稿 → 已审定 → 已公开 with who and when, what the regulation still
 * requires, the two due dates, and the next step the caller's role may take (each confirmed,
 * with what it does).
 */
import { CheckCircleOutlined, GlobalOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Grid, Space, Steps, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, messageOf } from '../../lib/api';
import { formatTime, type ReportState, type ReportTarget, type Workflow } from './types';

type Action = 'approve' | 'reopen' | 'publish';

const ACTIONS: Record<Action, { label: string; icon: ReactNode; title: string; effect: string; ok: string; danger?: boolean }> = {
  approve: {
    label: '审定',
    icon: <CheckCircleOutlined />,
    title: '审定这份报告？',
    effect: '审定后，报告中的每个数字及其背后的来源记录都将被冻结：此后台账的新增或修改不再改变这份报告，模板也不能再更换。审定后可以公开；如需修改，可以退回为草稿。',
    ok: '审定',
  },
  reopen: {
    label: '退回修改',
    icon: <RollbackOutlined />,
    title: '把报告退回为草稿？',
    effect: '退回后冻结解除，报告中的数字将重新按台账实时计算，可以继续修改模板，修改完成后需要重新审定。',
    ok: '退回',
    danger: true,
  },
  publish: {
    label: '公开',
    icon: <GlobalOutlined />,
    title: '向社会公开这份报告？',
    effect: '公开后，报告将出现在本单位的公开页面上，任何人无需登录即可查看和下载。公开后不能再退回修改。',
    ok: '公开',
  },
};

const STEP_INDEX = { draft: 0, approved: 1, published: 2 } as const;

/** The public page's address as people read it: the unit's names rather than their percent-encoding. */
function readableAddress(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

const daysUntil = (due: string, on: string) => Math.round((Date.parse(due) - Date.parse(on)) / 86_400_000);

export function StatusBar({ target, state, workflow, on, onChanged }: { target: ReportTarget; state: ReportState; workflow: Workflow; on: string; onChanged: () => void }) {
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState<Action | null>(null);
  // On a phone the three steps stay side by side, labels under the icons, rather than a tall column.
  const narrow = Grid.useBreakpoint().sm === false;

  const run = (action: Action) => {
    const a = ACTIONS[action];
    modal.confirm({
      title: a.title,
      content: a.effect,
      okText: a.ok,
      cancelText: '取消',
      okButtonProps: { danger: a.danger },
      onOk: async () => {
        setBusy(action);
        try {
          await api.post(`/api/reports/${action}`, { org: target.org, year: target.year });
          message.success(`已${a.label}`);
          onChanged();
        } catch (error) {
          modal.error({ title: `未能${a.label}`, content: messageOf(error) });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const due = (label: string, date: string, done: boolean, doneLabel: string) => {
    const left = daysUntil(date, on);
    return (
      <Space size={4} wrap>
        <span>{date} 前</span>
        {done ? <Tag color="green">{doneLabel}</Tag> : left < 0 ? <Tag color="red">已逾期 {-left} 天</Tag> : left <= 30 ? <Tag color="orange">还剩 {left} 天</Tag> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>
      </Space>
    );
  };

  const buttons = (['approve', 'reopen', 'publish'] as const).filter((a) => workflow.may[a]);

  return (
    <Card size="small" variant="outlined" styles={{ body: { paddingBottom: 8 } }}>
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Steps
          size="small"
          responsive={false}
          titlePlacement={narrow ? 'vertical' : 'horizontal'}
          current={STEP_INDEX[state.status]}
          status={state.status === 'published' ? 'finish' : 'process'}
          items={[
            { title: '草稿', content: state.status === 'draft' ? '数字实时计算' : undefined },
            {
              title: '已审定',
              content: workflow.approvedAt ? `${workflow.approvedBy ?? ''} ${formatTime(workflow.approvedAt)}` : '由领导审定',
            },
            {
              title: '已公开',
              content: workflow.publishedAt ? `${workflow.publishedBy ?? ''} ${formatTime(workflow.publishedAt)}` : '向社会公开',
            },
          ]}
        />
        {state.missing.length ? (
          <Alert
            type="warning"
            showIcon
            title={`报告缺少规定内容：${state.missing.map((m) => m.label).join('、')}`}
            description="缺少规定内容的报告不能审定。请在“编辑模板”中为每项规定内容设置对应的章节。"
          />
        ) : null}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'superior', label: '报送上级', children: due('向上级党委政府报送', workflow.dueToSuperior, state.status !== 'draft', '已审定，可报送') },
            { key: 'public', label: '向社会公开', children: due('通过政府网站等公开', workflow.dueToPublic, state.status === 'published', '已公开') },
          ]}
        />
        {buttons.length ? (
          <Space wrap>
            {buttons.map((a) => (
              <Button key={a} type={a === 'reopen' ? 'default' : 'primary'} danger={ACTIONS[a].danger} icon={ACTIONS[a].icon} loading={busy === a} onClick={() => run(a)}>
                {ACTIONS[a].label}
              </Button>
            ))}
          </Space>
        ) : null}
        {state.status === 'published' && workflow.publicUrl ? (
          <Typography.Text type="secondary">
            公开页面：
            <a href={workflow.publicUrl} target="_blank" rel="noreferrer">
              {readableAddress(workflow.publicUrl)}
            </a>
          </Typography.Text>
        ) : null}
      </Space>
    </Card>
  );
}
