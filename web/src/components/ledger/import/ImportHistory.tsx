/** 导入记录: past imports of the kind within the user's scope, newest first. */
import { Alert, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { messageOf } from '../../../lib/api';
import type { ImportBatch, Page } from '../../../lib/types';
import { useMe } from '../../../lib/session';
import { useApi } from '../../../lib/useApi';
import { seesTowns, unitLabel } from '../model';
import { timeText } from './model';

/** The columns; those who see several towns get the town beside the unit (新华村/一社 alone says little). */
const columnsOf = (withTown: boolean): TableColumnsType<ImportBatch> => [
  { key: 'importedAt', title: '导入时间', width: 150, render: (_: unknown, b) => timeText(b.importedAt) },
  { key: 'fileName', title: '文件', dataIndex: 'fileName', ellipsis: true },
  ...(withTown ? [{ key: 'townName', title: '乡镇（街道）', width: 110, ellipsis: true, render: (_: unknown, b: ImportBatch) => b.townName ?? '' }] : []),
  { key: 'orgName', title: '单位', width: 140, ellipsis: true, render: (_: unknown, b) => unitLabel(b) },
  { key: 'rows', title: '条数', dataIndex: 'rows', width: 80, align: 'right' },
  { key: 'importedBy', title: '导入人', dataIndex: 'importedBy', width: 180, ellipsis: true },
];

const PAGE_SIZE = 10;

export function ImportHistory({ kind }: { kind: string }) {
  const [page, setPage] = useState(1);
  const withTown = seesTowns(useMe().org.level);
  const columns = useMemo(() => columnsOf(withTown), [withTown]);
  const { data, loading, error } = useApi<Page<ImportBatch>>(`/api/ledgers/${kind}/imports`, { page, pageSize: PAGE_SIZE });
  if (error) return <Alert type="error" showIcon title="导入记录加载失败" description={messageOf(error)} />;
  return (
    <Table<ImportBatch>
      aria-label="导入记录"
      size="small"
      rowKey="id"
      loading={loading}
      columns={columns}
      dataSource={data?.items ?? []}
      locale={{ emptyText: '还没有导入过' }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, hideOnSinglePage: true, showSizeChanger: false, onChange: setPage }}
    />
  );
}
