/**
 * 法治考核: for a town, its self-assessment against the county's scheme (自评); for the county
 * reviewer, the towns side by side (sortable, a chart, ranking and distribution), each town's
 * items to review, and the scheme itself.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { TownAssessment } from '../components/assessment/TownAssessment';
import { SchemeEditor } from '../components/assessment/SchemeEditor';
import { messageOf } from '../lib/api';
import { downloadFile } from '../lib/download';
import { useMe } from '../lib/session';
import { useApi } from '../lib/useApi';
import { ASSESSMENT_STATUS, SCHEME_STATUS, type AssessmentOverview, type Scheme } from '../../../src/shared/assessment.js';
import { levelRank } from '../../../src/shared/levels.js';

const ScoreChart = lazy(() => import('../components/assessment/ScoreChart'));

type SchemeSummary = Omit<Scheme, 'sections'> & { items: number };
type TownRow = AssessmentOverview['towns'][number];

export default function AssessmentPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const reviewer = levelRank(me.org.level) >= 0 && levelRank(me.org.level) < levelRank('town');
  const list = useApi<{ items: SchemeSummary[] }>('/api/assessment-schemes');
  const schemes = (list.data?.items ?? []).filter((s) => reviewer || s.status !== 'draft');
  const schemeId = params.get('scheme') ?? schemes.find((s) => s.status !== 'draft')?.id ?? schemes[0]?.id ?? null;
  const summary = schemes.find((s) => s.id === schemeId);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const picker = (
    <Space wrap>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {reviewer ? '法治建设考核' : '考核自评'}
      </Typography.Title>
      <Select
        aria-label="考核方案"
        style={{ minWidth: 360 }}
        value={schemeId ?? undefined}
        placeholder="选择考核方案"
        loading={list.loading}
        onChange={(id: string) => set({ scheme: id, town: undefined })}
        options={schemes.map((s) => ({ value: s.id, label: `${s.title}（${SCHEME_STATUS[s.status]}）` }))}
      />
      {summary ? <Typography.Text type="secondary">{summary.orgName}制定 · 满分 {summary.totalPoints} 分 · 自评截止 {summary.deadline}</Typography.Text> : null}
    </Space>
  );

  if (list.error) return <Alert type="error" showIcon title={messageOf(list.error)} />;
  if (!reviewer) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {picker}
        {!list.loading && !schemeId ? <Empty description="上级尚未发布考核方案" /> : null}
        {schemeId ? (
          <Card>
            <TownAssessment key={schemeId} schemeId={schemeId} orgId={me.org.id} mode="town" mayWrite={me.role === 'townOffice' || me.role === 'leader'} />
          </Card>
        ) : null}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {picker}
      {!list.loading && !schemeId ? (
        <Card>
          <SchemeEditor scheme={undefined} orgId={me.org.id} year={new Date().getFullYear() - 1} mayWrite={me.role === 'countyReviewer'} onSaved={(id) => {
            list.reload();
            set({ scheme: id });
          }} />
        </Card>
      ) : null}
      {schemeId ? <Review key={schemeId} schemeId={schemeId} town={params.get('town')} tab={params.get('tab') ?? 'towns'} set={set} onSchemeSaved={(id) => {
            list.reload();
            set({ scheme: id, tab: 'scheme' });
          }} /> : null}
    </Space>
  );
}

function Review({ schemeId, town, tab, set, onSchemeSaved }: { schemeId: string; town: string | null; tab: string; set: (c: Record<string, string | undefined>) => void; onSchemeSaved: (id: string) => void }) {
  const me = useMe();
  const { message } = App.useApp();
  const overview = useApi<AssessmentOverview>(`/api/assessment-schemes/${schemeId}/overview`);
  const scheme = useApi<Scheme>(`/api/assessment-schemes/${schemeId}`);
  const o = overview.data;
  const picked = o?.towns.find((t) => t.org.id === town);
  const mayReview = me.role === 'countyReviewer';

  const towns = o ? (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={() => void downloadFile(`/api/assessment-schemes/${schemeId}/scores.xlsx`, '考核得分表.xlsx', '下载失败').catch((e: unknown) => message.error(messageOf(e)))}>
          下载得分表（Excel）
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void downloadFile(`/api/assessment-schemes/${schemeId}/notice.docx`, '考核结果通报.docx', '下载失败').catch((e: unknown) => message.error(messageOf(e)))}>
          下载结果通报（Word）
        </Button>
      </Space>
      <Table<TownRow>
        rowKey={(r) => r.org.id}
        size="small"
        pagination={false}
        dataSource={o.towns}
        scroll={{ x: 600 + o.items.length * 64 }}
        onRow={(r) => ({ onClick: () => set({ town: r.org.id, tab: 'town' }), style: { cursor: 'pointer' } })}
        columns={[
          { title: '排名', dataIndex: 'rank', width: 64, fixed: 'left', sorter: (a, b) => a.rank - b.rank, defaultSortOrder: 'ascend' },
          { title: '乡镇', key: 'org', width: 100, fixed: 'left', render: (_, r) => <a>{r.org.name}</a>, sorter: (a, b) => a.org.name.localeCompare(b.org.name, 'zh-CN') },
          { title: '状态', dataIndex: 'status', width: 96, render: (s: TownRow['status']) => <Tag>{ASSESSMENT_STATUS[s]}</Tag> },
          { title: `总分（${o.scheme.totalPoints}）`, dataIndex: 'total', width: 110, align: 'right', sorter: (a, b) => a.total - b.total },
          ...o.items.map((i) => ({
            title: <span title={i.title}>{i.code}</span>,
            key: i.code,
            width: 64,
            align: 'right' as const,
            sorter: (a: TownRow, b: TownRow) => (a.scores[i.code] ?? 0) - (b.scores[i.code] ?? 0),
            render: (_: unknown, r: TownRow) => r.scores[i.code] ?? '—',
          })),
        ]}
      />
      <Card size="small" title="各镇总分">
        <Suspense fallback={<Skeleton active />}>
          <ScoreChart overview={o} onPick={(id) => set({ town: id, tab: 'town' })} />
        </Suspense>
      </Card>
      <Card size="small" title="得分分布（按满分的百分比分段）">
        <Space wrap>
          {o.distribution
            .filter((d) => d.towns > 0)
            .map((d) => (
              <Tag key={d.band} color="blue">
                {d.band}：{d.towns} 个镇
              </Tag>
            ))}
        </Space>
      </Card>
    </Space>
  ) : (
    <Skeleton active />
  );

  return (
    <Card>
      {overview.error ? <Alert type="error" showIcon title={messageOf(overview.error)} /> : null}
      <Tabs
        activeKey={tab === 'town' && !picked ? 'towns' : tab}
        onChange={(key) => set({ tab: key })}
        items={[
          { key: 'towns', label: '各镇得分', children: towns },
          ...(picked
            ? [
                {
                  key: 'town',
                  label: `${picked.org.name}（审核）`,
                  children: <TownAssessment key={picked.org.id} schemeId={schemeId} orgId={picked.org.id} mode="review" mayWrite={mayReview} onChanged={overview.reload} />,
                },
              ]
            : []),
          {
            key: 'scheme',
            label: '考核方案',
            children: <SchemeEditor scheme={scheme.data} orgId={me.org.id} year={scheme.data?.year ?? new Date().getFullYear()} mayWrite={mayReview} onSaved={(id) => {
              scheme.reload();
              overview.reload();
              onSchemeSaved(id);
            }} />,
          },
        ]}
      />
    </Card>
  );
}
