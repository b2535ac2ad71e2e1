/** An area of the annual report (依法决策, 基层治理 …): its ledgers as cards, each with its count. */
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../lib/api';
import { useKinds } from '../lib/kinds';
import type { Kind, LedgerRecord, Page } from '../lib/types';

function useTotals(kinds: Kind[]) {
  const [totals, setTotals] = useState<Record<string, number | null>>({});
  const key = kinds.map((k) => k.code).join(',');
  useEffect(() => {
    const controller = new AbortController();
    setTotals({});
    // By the codes in the key: a new array of the same kinds does not fetch again.
    for (const code of key ? key.split(',') : []) {
      api
        .get<Page<LedgerRecord>>(`/api/ledgers/${code}`, { pageSize: 1 }, controller.signal)
        .then((page) => setTotals((t) => ({ ...t, [code]: page.total })))
        .catch(() => setTotals((t) => ({ ...t, [code]: null })));
    }
    return () => controller.abort();
  }, [key]);
  return totals;
}

export default function AreaPage() {
  const { area } = useParams();
  const { areas, kinds, loading } = useKinds();
  const navigate = useNavigate();
  const mine = kinds.filter((k) => k.area === area);
  const totals = useTotals(mine);
  const label = areas.find((a) => a.code === area)?.label;

  if (loading) return <Skeleton active />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {label ?? '台账'}
      </Typography.Title>
      {!mine.length ? (
        <Empty description="这一方面没有您可以查看的台账；如需查看，请联系安全管理员开通权限" />
      ) : (
        <Row gutter={[16, 16]}>
          {mine.map((k) => (
            <Col key={k.code} xs={24} md={12} xl={8}>
              <Card
                title={<Link to={`/ledgers/${k.code}`}>{k.label}</Link>}
                extra={
                  totals[k.code] === undefined ? (
                    <Skeleton.Button active size="small" />
                  ) : (
                    <Statistic value={totals[k.code] ?? '—'} suffix="条" styles={{ content: { fontSize: 18 } }} />
                  )
                }
                actions={[
                  <Button key="list" type="link" onClick={() => navigate(`/ledgers/${k.code}`)}>
                    查看台账 <RightOutlined />
                  </Button>,
                  ...(k.permissions.create
                    ? [
                        <Button key="new" type="link" icon={<PlusOutlined />} onClick={() => navigate(`/ledgers/${k.code}/new`)}>
                          新增
                        </Button>,
                      ]
                    : []),
                ]}
                style={{ height: '100%' }}
              >
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: k.description }}>
                  {k.description}
                </Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}
