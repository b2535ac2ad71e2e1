/**
 * A unit's figures for a year, each against last year; every figure opens the records behind it.
 * The main ones first; 「全部指标」 shows every figure the role may see, by area of the report.
 */
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { useApi } from '../../lib/useApi';
import { changeOf, formatValue, MAIN_INDICATORS, type Change } from './format';
import { RecordsDrawer, type FigureRef } from './RecordsDrawer';
import { FIGURES_PATH, figuresQuery } from './first-screen';
import type { DashboardFigures, IndicatorValue } from './types';

const AREA_ORDER = ['leadership', 'study', 'decision', 'enforcement', 'governance', 'publicity', 'plan', 'organisation'];
const CHANGE_COLOURS: Record<Change['direction'], string> = { up: '#1d4ed8', down: '#c2410c', same: '#6b7280', none: '#737373' };

interface CardProps {
  value: IndicatorValue;
  previous: IndicatorValue | undefined;
  year: number;
  compact?: boolean;
  onOpen: (figure: FigureRef) => void;
}

export function IndicatorCard({ value, previous, year, compact, onOpen }: CardProps) {
  const change = changeOf(value, previous);
  const open = () => onOpen({ code: value.code, label: value.label });
  const detail =
    value.unit === '%' && value.denominator !== undefined ? `${value.numerator ?? 0} / ${value.denominator}` : `${value.records} 条记录`;
  return (
    <Card size="small" hoverable onClick={open} style={{ height: '100%' }} styles={{ body: { padding: compact ? 10 : 14 } }}>
      <Tooltip title={value.label}>
        <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: compact ? 12 : 13 }}>
          {value.label}
        </Typography.Text>
      </Tooltip>
      <Button
        type="link"
        onClick={(e) => {
          e.stopPropagation();
          open();
        }}
        aria-label={`${value.label} ${formatValue(value)}${value.unit === '%' ? '' : value.unit}，查看${year}年背后的记录`}
        style={{ padding: 0, height: 'auto', fontSize: compact ? 20 : 26, fontWeight: 600, lineHeight: 1.3 }}
      >
        <span>
          {formatValue(value)}
          {value.unit !== '%' && <span style={{ fontSize: 13, marginInlineStart: 4, fontWeight: 400 }}>{value.unit}</span>}
        </span>
      </Button>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 12, flexWrap: 'wrap' }}>
        <span style={{ color: CHANGE_COLOURS[change.direction] }}>{change.text}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {detail}
        </Typography.Text>
      </div>
    </Card>
  );
}

interface Props {
  orgId: string;
  orgName?: string;
  year: number;
  /** Which figures to show first (default: the main ones). */
  main?: string[];
  /** Called once the figures (or the error) are in: the page loads its charts after them. */
  onLoaded?: () => void;
}

export function IndicatorCards({ orgId, orgName, year, main = MAIN_INDICATORS, onLoaded }: Props) {
  // Both years in one answer, perhaps already asked for by the shell (first-screen.ts).
  const current = useApi<DashboardFigures>(FIGURES_PATH, figuresQuery(orgId, year));
  const { kinds } = useKinds();
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const [all, setAll] = useState(false);
  const settled = !current.loading && (!!current.data || !!current.error);
  useEffect(() => {
    if (settled) onLoaded?.();
  }, [settled, onLoaded]);

  const before = useMemo(() => new Map((current.data?.previous ?? []).map((v) => [v.code, v])), [current.data]);
  const items = useMemo(() => current.data?.items ?? [], [current.data]);
  const shown = useMemo(() => {
    const byCode = new Map(items.map((v) => [v.code, v]));
    const first = main.map((c) => byCode.get(c)).filter((v): v is IndicatorValue => !!v);
    // A role that sees few of the main ones (a grid worker) gets its own figures instead.
    const rest = items.filter((v) => !main.includes(v.code) && !v.code.startsWith('org.'));
    return [...first, ...rest].slice(0, Math.max(4, Math.min(8, first.length + rest.length)));
  }, [items, main]);

  const byArea = useMemo(() => {
    const areaOf = new Map<string, { code: string; label: string }>();
    for (const k of kinds) for (const i of k.indicators) areaOf.set(i.code, { code: k.area, label: k.areaLabel });
    const groups = new Map<string, { label: string; values: IndicatorValue[] }>();
    for (const v of items) {
      const area = areaOf.get(v.code) ?? { code: 'organisation', label: '组织与人员' };
      const group = groups.get(area.code) ?? { label: area.label, values: [] };
      group.values.push(v);
      groups.set(area.code, group);
    }
    return [...groups.entries()].sort(([a], [b]) => AREA_ORDER.indexOf(a) - AREA_ORDER.indexOf(b));
  }, [items, kinds]);

  if (current.error) return <Alert type="error" showIcon title="无法加载指标" description={messageOf(current.error)} action={<Button onClick={current.reload}>重试</Button>} />;
  if (current.loading && !current.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (!items.length) return <Empty description="您的角色没有可以查看的指标；如需查看，请联系安全管理员开通台账查看权限" />;

  const cards = (values: IndicatorValue[], compact = false) => (
    <Row gutter={[12, 12]}>
      {values.map((v) => (
        <Col key={v.code} xs={12} md={8} xl={compact ? 4 : 6}>
          <IndicatorCard value={v} previous={before.get(v.code)} year={year} compact={compact} onOpen={setFigure} />
        </Col>
      ))}
    </Row>
  );

  return (
    <section aria-label="主要指标">
      {cards(shown)}
      <div style={{ marginTop: 8 }}>
        <Button type="link" style={{ paddingInline: 0 }} aria-expanded={all} onClick={() => setAll((x) => !x)}>
          {all ? '收起全部指标' : `全部指标（${items.length} 项）`}
        </Button>
      </div>
      {all && (
        <Space orientation="vertical" size="middle" style={{ width: '100%', marginTop: 4 }}>
          {byArea.map(([code, group]) => (
            <div key={code}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {group.label}
              </Typography.Title>
              {cards(group.values, true)}
            </div>
          ))}
        </Space>
      )}
      <RecordsDrawer orgId={orgId} orgName={orgName} year={year} figure={figure} onClose={() => setFigure(null)} />
    </section>
  );
}
