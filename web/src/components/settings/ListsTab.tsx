/**
 * 选项列表: the options of the ledgers' choice fields. A town office adds options for its own town
 * and renames or stops using the ones it added; the system administrator edits the shared ones.
 * Codes never change, so records keep their meaning; a stopped option stays on old records.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Input, Modal, Popconfirm, Row, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import type { ListItem, OptionLists } from '../../../../src/shared/kinds.js';


export function ListsTab() {
  const me = useMe();
  const { message } = App.useApp();
  const lists = useApi<OptionLists>('/api/lists');
  const [selected, setSelected] = useState<string>();
  const [search, setSearch] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState<ListItem | null>(null);
  const [renameTo, setRenameTo] = useState('');

  const global = me.role === 'systemAdmin';
  const canAdd = global || me.role === 'townOffice';
  const canEdit = (item: ListItem) => global || (me.role === 'townOffice' && item.orgId !== null);

  const shown = useMemo(() => (lists.data?.items ?? []).filter((l) => !search || l.label.includes(search) || l.items.some((i) => i.label.includes(search))), [lists.data, search]);
  const list = (lists.data?.items ?? []).find((l) => l.code === selected) ?? shown[0];

  if (lists.loading && !lists.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (lists.error) return <Alert type="error" showIcon title={`选项列表没有加载出来：${messageOf(lists.error)}`} action={<Button onClick={lists.reload}>重试</Button>} />;

  const add = async () => {
    if (!list || !newLabel.trim()) return;
    setBusy(true);
    try {
      await api.post(`/api/lists/${encodeURIComponent(list.code)}/items`, { label: newLabel.trim() });
      message.success(`已在「${list.label}」中添加“${newLabel.trim()}”`);
      setNewLabel('');
      lists.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const update = async (item: ListItem, change: { label?: string; active?: boolean }, done: string) => {
    if (!list) return;
    setBusy(true);
    try {
      await api.patch(`/api/lists/${encodeURIComponent(list.code)}/items/${item.id}`, change);
      message.success(done);
      setRenaming(null);
      lists.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">
        {global ? '您编辑的是全体共用的选项。' : canAdd ? '新增的选项只在本镇可用；共用选项由系统管理员维护。' : '您的角色只能查看选项。'}
        停用的选项不能再选，已有记录不受影响。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8} xl={6}>
          <Card size="small" title="列表" styles={{ body: { padding: 8 } }}>
            <Input.Search allowClear placeholder="搜索列表或选项" onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 8 }} aria-label="搜索列表或选项" />
            <nav aria-label="选项列表" style={{ maxHeight: 'min(520px, 45vh)', overflow: 'auto' }}>
              {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有匹配的列表" />}
              {shown.map((l) => (
                <Button
                  key={l.code}
                  type={l.code === list?.code ? 'primary' : 'text'}
                  ghost={l.code === list?.code}
                  block
                  style={{ justifyContent: 'space-between', display: 'flex', marginBottom: 2 }}
                  onClick={() => setSelected(l.code)}
                  aria-current={l.code === list?.code ? 'true' : undefined}
                >
                  <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{l.label}</span>
                  <Typography.Text type="secondary">{l.items.length}</Typography.Text>
                </Button>
              ))}
            </nav>
          </Card>
        </Col>
        <Col xs={24} md={16} xl={18}>
          {list ? (
            <Card size="small" title={list.label} extra={<Typography.Text type="secondary">{`共 ${list.items.length} 项`}</Typography.Text>}>
              {canAdd && (
                <Space.Compact style={{ width: '100%', maxWidth: 420, marginBottom: 12 }}>
                  <Input value={newLabel} onChange={(e) => setNewLabel(e.target.value)} onPressEnter={() => void add()} placeholder="新选项名称" maxLength={50} aria-label="新选项名称" />
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => void add()} loading={busy} disabled={!newLabel.trim()}>
                    添加
                  </Button>
                </Space.Compact>
              )}
              <Table<ListItem>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={list.items}
                locale={{ emptyText: '这个列表还没有选项' }}
                scroll={{ x: 520 }}
                columns={[
                  { title: '选项', dataIndex: 'label', render: (label: string, i) => <span style={{ color: i.active ? undefined : '#6b7280' }}>{label}</span> },
                  { title: '来源', key: 'source', width: 110, render: (_, i) => (i.orgId === null ? <Tag>共用</Tag> : <Tag color="blue">本单位添加</Tag>) },
                  { title: '状态', dataIndex: 'active', width: 80, render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
                  {
                    title: '操作',
                    key: 'actions',
                    width: 150,
                    render: (_, i) =>
                      canEdit(i) ? (
                        <Space size={4}>
                          <Button
                            size="small"
                            onClick={() => {
                              setRenaming(i);
                              setRenameTo(i.label);
                            }}
                          >
                            改名
                          </Button>
                          {i.active ? (
                            <Popconfirm title={`停用“${i.label}”？`} description="停用后新记录不能再选它，已有记录不变。" okText="停用" cancelText="取消" onConfirm={() => update(i, { active: false }, `已停用“${i.label}”`)}>
                              <Button size="small" danger>
                                停用
                              </Button>
                            </Popconfirm>
                          ) : (
                            <Button size="small" onClick={() => void update(i, { active: true }, `已启用“${i.label}”`)}>
                              启用
                            </Button>
                          )}
                        </Space>
                      ) : (
                        <Tooltip title={canAdd ? '共用选项由系统管理员维护' : '您的角色只能查看'}>
                          <Typography.Text type="secondary">—</Typography.Text>
                        </Tooltip>
                      ),
                  },
                ]}
              />
            </Card>
          ) : (
            <Empty description="选择左侧的列表查看选项" />
          )}
        </Col>
      </Row>
      <Modal
        open={!!renaming}
        title={`改名：${renaming?.label ?? ''}`}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{ disabled: !renameTo.trim() || renameTo.trim() === renaming?.label }}
        onCancel={() => setRenaming(null)}
        onOk={() => renaming && void update(renaming, { label: renameTo.trim() }, `已改名为“${renameTo.trim()}”`)}
        destroyOnHidden
      >
        <label htmlFor="rename-option">新名称</label>
        <Input id="rename-option" value={renameTo} onChange={(e) => setRenameTo(e.target.value)} maxLength={50} style={{ marginTop: 4 }} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          改名后，已有记录显示新名称。
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
