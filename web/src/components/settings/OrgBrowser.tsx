/**
 * 单位与人员: the org tree of the user's jurisdiction, and the people of the chosen unit (with
 * its lower units). Town offices and the system administrator add people; the system
 * administrator adds units. Phones are shown masked; the security and audit administrators,
 * who have no duty that needs names and phones, see only the tree.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Grid, Input, Modal, Radio, Row, Select, Skeleton, Space, Table, Tag, Tree, TreeSelect, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, messageOf } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { Page } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { findNode, levelRank, ORG_LEVELS, showFieldErrors, treeOptions, type OrgNode } from './shared';
import type { Person } from '../../../../src/shared/org.js';
import type { OrgTree } from '../../../../src/shared/org.js';
import type { CreatedOrg } from '../../../../src/shared/accounts.js';


interface PersonForm {
  orgId: string;
  name: string;
  gender?: '男' | '女';
  phone?: string;
  position?: string;
  notes?: string;
}

interface UnitForm {
  parentId: string;
  name: string;
  level: string;
  code?: string;
}

const LEVEL_COLORS: Record<string, string> = { province: 'magenta', city: 'volcano', county: 'gold', town: 'blue', village: 'green', group: 'cyan', grid: 'default' };

/** Keeps the branches that contain a match, so a search shows where a unit sits. */
function filterTree(nodes: OrgNode[], text: string): OrgNode[] {
  if (!text) return nodes;
  return nodes.flatMap((n) => {
    const children = filterTree(n.children, text);
    return n.name.includes(text) || children.length ? [{ ...n, children }] : [];
  });
}

const allIds = (nodes: OrgNode[]): string[] => nodes.flatMap((n) => [n.id, ...allIds(n.children)]);
const countUnits = (nodes: OrgNode[]): number => nodes.reduce((sum, n) => sum + 1 + countUnits(n.children), 0);

function toTreeData(nodes: OrgNode[]): DataNode[] {
  return nodes.map((n) => ({
    key: n.id,
    title: (
      <span>
        {n.name}{' '}
        <Tag color={LEVEL_COLORS[n.level]} style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px' }}>
          {n.levelLabel}
        </Tag>
      </span>
    ),
    children: toTreeData(n.children),
  }));
}

export function OrgBrowser() {
  const me = useMe();
  const { message } = App.useApp();
  const orgs = useApi<OrgTree>('/api/orgs');
  const tree = useMemo(() => orgs.data?.items ?? [], [orgs.data]);
  const [selected, setSelected] = useState<string>(me.org.id);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const seesPeople = me.role !== 'securityAdmin' && me.role !== 'auditAdmin';
  const people = useApi<Page<Person>>(seesPeople ? '/api/people' : null, { org: selected, q: q || undefined, page, pageSize });
  const mayAddPeople = me.role === 'townOffice' || me.role === 'systemAdmin';
  const mayAddUnits = me.role === 'systemAdmin';
  const [adding, setAdding] = useState<'person' | 'unit' | null>(null);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [personForm] = Form.useForm<PersonForm>();
  const [unitForm] = Form.useForm<UnitForm>();

  const narrow = !Grid.useBreakpoint().md;
  // Open the first two levels at the start (one on a phone, where the people list sits below); the whole tree while searching.
  useEffect(() => {
    if (!tree.length) return;
    if (search) setExpanded(allIds(filterTree(tree, search)));
    else setExpanded([...tree.map((n) => n.id), ...(narrow ? [] : tree.flatMap((n) => n.children.map((c) => c.id)))]);
  }, [tree, search, narrow]);

  const unit = findNode(tree, selected) ?? tree[0];
  const shownTree = useMemo(() => toTreeData(filterTree(tree, search)), [tree, search]);
  const lowerLevels = ORG_LEVELS.filter((l) => unit && levelRank(l.value) > levelRank(unit.level));

  const addPerson = async (values: PersonForm) => {
    setSaving(true);
    setFormError(undefined);
    try {
      const body = { ...values, name: values.name.trim(), phone: values.phone?.trim() || undefined, position: values.position?.trim() || undefined, notes: values.notes?.trim() || undefined };
      const person = await api.post<Person>('/api/people', body);
      message.success(`已添加 ${person.name}`);
      setAdding(null);
      people.reload();
    } catch (e) {
      if (!showFieldErrors(personForm, e)) setFormError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const addUnit = async (values: UnitForm) => {
    setSaving(true);
    setFormError(undefined);
    try {
      const created = await api.post<CreatedOrg>('/api/orgs', { ...values, name: values.name.trim(), code: values.code?.trim() || undefined });
      message.success(`已新增“${created.name}”`);
      setAdding(null);
      orgs.reload();
      setSelected(created.id);
    } catch (e) {
      if (!showFieldErrors(unitForm, e)) setFormError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  if (orgs.loading && !orgs.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (orgs.error) return <Alert type="error" showIcon title={`组织机构没有加载出来：${messageOf(orgs.error)}`} action={<Button onClick={orgs.reload}>重试</Button>} />;
  if (!tree.length) return <Empty description="您的管辖范围内还没有单位" />;

  const peopleForbidden = people.error instanceof ApiError && people.error.status === 403;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={9} xl={7}>
        <Card size="small" title={`组织机构（${countUnits(tree)}）`} extra={mayAddUnits && unit && lowerLevels.length > 0 ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => { setFormError(undefined); setAdding('unit'); }}>
            下级单位
          </Button>
        ) : null}>
          <Input.Search allowClear placeholder="查找单位" onChange={(e) => setSearch(e.target.value.trim())} style={{ marginBottom: 8 }} aria-label="查找单位" />
          <div style={{ maxHeight: 'min(560px, 50vh)', overflow: 'auto' }}>
            {shownTree.length ? (
              <Tree
                treeData={shownTree}
                selectedKeys={unit ? [unit.id] : []}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys.map(String))}
                onSelect={(keys) => {
                  if (!keys.length) return;
                  setSelected(String(keys[0]));
                  setPage(1);
                }}
                showLine
                blockNode
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有名称包含这几个字的单位" />
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} md={15} xl={17}>
        <Card
          size="small"
          title={
            <Space>
              {unit?.name}
              {unit && <Tag color={LEVEL_COLORS[unit.level]}>{unit.levelLabel}</Tag>}
            </Space>
          }
          extra={
            seesPeople && mayAddPeople ? (
              <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => { setFormError(undefined); setAdding('person'); }}>
                添加人员
              </Button>
            ) : null
          }
        >
          {!seesPeople || peopleForbidden ? (
            <Alert type="info" showIcon title="您的角色不查看人员信息（三员分立）。左侧可查看组织机构。" />
          ) : (
            <>
              <Space wrap style={{ marginBottom: 12 }}>
                <Input.Search
                  allowClear
                  placeholder="按姓名查找"
                  onSearch={(v) => {
                    setQ(v.trim());
                    setPage(1);
                  }}
                  style={{ width: 240 }}
                  aria-label="按姓名查找人员"
                />
                <Typography.Text type="secondary">含下级单位的人员；电话已脱敏</Typography.Text>
              </Space>
              {people.error ? <Alert type="error" showIcon title={messageOf(people.error)} action={<Button onClick={people.reload}>重试</Button>} style={{ marginBottom: 12 }} /> : null}
              <Table<Person>
                rowKey="id"
                size="small"
                loading={people.loading}
                dataSource={people.data?.items ?? []}
                scroll={{ x: 640 }}
                locale={{ emptyText: q ? `没有姓名含“${q}”的人员` : mayAddPeople ? '这个单位还没有登记人员，点右上角“添加人员”' : '这个单位还没有登记人员' }}
                pagination={{
                  current: page,
                  pageSize,
                  total: people.data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (n) => `共 ${n} 人`,
                  onChange: (p, s) => {
                    setPage(p);
                    setPageSize(s);
                  },
                }}
                columns={[
                  {
                    title: '姓名',
                    dataIndex: 'name',
                    width: 170,
                    // Demo people carry “（示例）” in their name already.
                    render: (name: string, p) => (p.isExample && !name.includes('示例') ? <Space size={4}>{name}<Tag>示例</Tag></Space> : name),
                  },
                  { title: '性别', dataIndex: 'gender', width: 60 },
                  { title: '职务', dataIndex: 'position' },
                  { title: '电话', dataIndex: 'phone', width: 130 },
                  { title: '所属单位', dataIndex: 'orgName', width: 130 },
                ]}
              />
            </>
          )}
        </Card>
      </Col>

      <Modal open={adding === 'person'} title="添加人员" onCancel={() => setAdding(null)} onOk={() => personForm.submit()} okText="添加" cancelText="取消" confirmLoading={saving} destroyOnHidden>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form<PersonForm> form={personForm} layout="vertical" onFinish={addPerson} initialValues={{ orgId: unit?.id }} preserve={false}>
          <Form.Item name="orgId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
            <TreeSelect treeData={treeOptions(tree)} showSearch={{ treeNodeFilterProp: 'title' }} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="gender" label="性别">
            <Radio.Group options={['男', '女']} />
          </Form.Item>
          <Form.Item name="position" label="职务">
            <Input maxLength={60} placeholder="如：村人民调解委员会主任" />
          </Form.Item>
          <Form.Item name="phone" label="电话" rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: '电话只能含数字、+、- 和空格，5到20位' }]} extra="加密保存，列表中只显示部分号码">
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name="notes" label="备注">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={adding === 'unit'} title={`新增下级单位：${unit?.name ?? ''}`} onCancel={() => setAdding(null)} onOk={() => unitForm.submit()} okText="新增" cancelText="取消" confirmLoading={saving} destroyOnHidden>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form<UnitForm> form={unitForm} layout="vertical" onFinish={addUnit} initialValues={{ parentId: unit?.id, level: lowerLevels[0]?.value }} preserve={false}>
          <Form.Item name="parentId" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={60} placeholder="如：新华村" />
          </Form.Item>
          <Form.Item name="level" label="层级" rules={[{ required: true, message: '请选择层级' }]}>
            <Select options={lowerLevels} />
          </Form.Item>
          <Form.Item name="code" label="区划代码" extra="可不填">
            <Input maxLength={30} />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}
