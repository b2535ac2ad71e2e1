/** The annual report of the year: where it stands, what it still lacks, and its two deadlines. */
import { CheckCircleFilled, ClockCircleOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { messageOf, withQuery } from '../../lib/api';
import type { ReportState } from './types';

interface Props {
  orgId: string;
  year: number;
  /** The report's state, loaded by the page (which lays out the dashboard by whether the role may read reports). */
  report: { data: ReportState | undefined; loading: boolean; error: unknown };
  /** The day deadlines are counted to (the due list's day). */
  on: string;
  dueDates: { submitBy: string; publishBy: string } | undefined;
}

const STATUS_COLOURS: Record<ReportState['status'], string> = { draft: 'default', approved: 'blue', published: 'green' };

function Deadline({ label, due, doneAt, on }: { label: string; due: string; doneAt: string | null; on: string }) {
  const days = dayjs(due).diff(dayjs(on), 'day');
  if (doneAt) {
    return (
      <Space size={6} align="start">
        <CheckCircleFilled style={{ color: '#16a34a', marginTop: 4 }} />
        <span>
          {label}：期限 {due}，已于 {doneAt.slice(0, 10)} 完成
        </span>
      </Space>
    );
  }
  const overdue = days < 0;
  return (
    <Space size={6} align="start">
      {overdue ? <ExclamationCircleFilled style={{ color: '#dc2626', marginTop: 4 }} /> : <ClockCircleOutlined style={{ color: '#6b7280', marginTop: 4 }} />}
      <span>
        {label}：期限 {due}
        <Typography.Text type={overdue ? 'danger' : days <= 30 ? 'warning' : 'secondary'}>
          （{overdue ? `逾期${-days}天` : days === 0 ? '今天到期' : `还有${days}天`}）
        </Typography.Text>
      </span>
    </Space>
  );
}

export function ReportPanel({ orgId, year, report, on, dueDates }: Props) {
  const { data, loading, error } = report;
  const navigate = useNavigate();
  const href = withQuery('/report', { org: orgId, year });
  const current = data?.status === 'published' ? 2 : data?.status === 'approved' ? 1 : 0;
  return (
    <Card size="small" style={{ height: '100%' }} title={`${year}年度法治政府建设情况报告`} extra={<Link to={href}>打开报告</Link>}>
      {error ? (
        <Alert type="error" showIcon title="无法加载年度报告的状态" description={messageOf(error)} />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <span>当前状态</span>
            <Tag color={STATUS_COLOURS[data.status]}>{data.statusLabel}</Tag>
          </Space>
          <Steps
            size="small"
            current={current}
            status={data.status === 'published' ? 'finish' : 'process'}
            items={[{ title: '起草' }, { title: `${data.approver}审定` }, { title: '向社会公开' }]}
            responsive={false}
          />
          {data.missing.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={`报告模板缺少 ${data.missing.length} 项规定内容，补齐后才能审定`}
              description={data.missing.map((m) => m.label).join('、')}
              action={
                <Button size="small" onClick={() => navigate(href)}>
                  去补齐
                </Button>
              }
            />
          ) : (
            data.status === 'draft' && <Typography.Text type="secondary">规定内容齐全，可以提交{data.approver}审定。</Typography.Text>
          )}
          {dueDates && (
            <Space orientation="vertical" size={4}>
              <Deadline label="审定后报送上级" due={dueDates.submitBy} doneAt={data.approvedAt} on={on} />
              <Deadline label="向社会公开" due={dueDates.publishBy} doneAt={data.publishedAt} on={on} />
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
