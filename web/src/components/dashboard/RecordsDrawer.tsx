/** The records behind one figure (溯源): each named, dated and linked to its page; a rate lists both sides. */
import { Alert, Drawer, Empty, Grid, List, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { messageOf } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { formatNumber, formatValue, ledgerHref, recordHref, yearPeriod } from './format';
import { seesTowns, unitLabel } from '../ledger/model';
import type { IndicatorRecords, RecordGroup, RecordRef } from './types';

export interface FigureRef {
  code: string;
  label: string;
}

interface Props {
  orgId: string;
  orgName?: string;
  year: number;
  figure: FigureRef | null;
  onClose: () => void;
}

const PART_LABELS: Record<RecordGroup['part'], string> = { value: '', numerator: '分子', denominator: '分母' };

function Group({ group, year, onNavigate }: { group: RecordGroup; year: number; onNavigate: () => void }) {
  const isUnits = group.kind === 'orgUnit';
  // Units named as the ledger list names them: 新华村/一社, after the town for those who see several towns.
  const withTown = seesTowns(useMe().org.level);
  const townOf = (r: RecordRef) => (withTown && r.townName && r.townName !== unitLabel(r) ? r.townName : null);
  return (
    <section aria-label={`${PART_LABELS[group.part]}${group.label}`} style={{ marginBottom: 24 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        {group.part !== 'value' && <Tag color={group.part === 'numerator' ? 'blue' : 'default'}>{PART_LABELS[group.part]}</Tag>}
        <Typography.Text strong>{group.label}</Typography.Text>
        <Typography.Text type="secondary">
          共 {group.total} {isUnits ? '个单位' : '条记录'}
        </Typography.Text>
        {!isUnits && (
          <Link to={ledgerHref(group.kind, yearPeriod(year))} onClick={onNavigate}>
            打开「{group.kindLabel}」台账
          </Link>
        )}
      </Space>
      {group.total > group.records.length && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`以下列出最近的 ${group.records.length} 条，其余请在台账中按年度查看`} />}
      {group.records.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有计入这一项的记录" />
      ) : (
        <List
          size="small"
          bordered
          dataSource={group.records}
          renderItem={(r) => (
            <List.Item>
              <div style={{ minWidth: 0, width: '100%' }}>
                {isUnits ? (
                  <Typography.Text>{r.orgPathName ?? r.title}</Typography.Text>
                ) : (
                  <Link to={recordHref(group.kind, r.id)} onClick={onNavigate}>
                    {r.title}
                  </Link>
                )}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[r.date, townOf(r), isUnits ? null : unitLabel(r)].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}

export function RecordsDrawer({ orgId, orgName, year, figure, onClose }: Props) {
  const screens = Grid.useBreakpoint();
  const { data, loading, error } = useApi<IndicatorRecords>(figure ? '/api/dashboard/records' : null, figure ? { org: orgId, year, code: figure.code } : undefined);
  const v = data?.indicator;
  return (
    <Drawer open={!!figure} onClose={onClose} size={screens.md ? 560 : '100%'} title={figure ? `${figure.label}：${year}年的记录` : ''} destroyOnHidden>
      {error ? (
        <Alert type="error" showIcon title="无法加载这项数字背后的记录" description={messageOf(error)} />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          {v && (
            <Typography.Paragraph>
              {orgName ?? data.org.name} {year} 年「{v.label}」为{' '}
              <Typography.Text strong>
                {formatValue(v)}
                {v.unit !== '%' ? v.unit : ''}
              </Typography.Text>
              {v.unit === '%' && v.denominator !== undefined && (
                <Typography.Text type="secondary">
                  （{formatNumber(v.numerator ?? 0, '')} ÷ {formatNumber(v.denominator, '')}）
                </Typography.Text>
              )}
              ，由以下记录计算得出。
            </Typography.Paragraph>
          )}
          {data.groups.map((g) => (
            <Group key={g.part} group={g} year={year} onNavigate={onClose} />
          ))}
        </>
      )}
    </Drawer>
  );
}
