/**
 * /m/outbox: the records saved on this phone and not yet on the server, in the order they will be
 * sent. A refused one shows the server's message and can be opened in its form to fix, or
 * discarded; nothing leaves this list without the server's confirmation or the worker's say-so.
 */
import { Alert, App, Button, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { useOutbox } from '../../offline/OutboxContext';
import type { OutboxItem } from '../../offline/outbox';
import { clockLabel } from './dates';
import { MobileFrame } from './MobileFrame';

const FORM_LABELS: Record<OutboxItem['form'], string> = { dispute: '矛盾纠纷', screening: '月度排查' };

/** The form that made the item, opened on it. */
const fixPath = (item: OutboxItem) => (item.form === 'dispute' ? `/m/dispute?step=1&outbox=${item.clientId}` : `/m/screening?outbox=${item.clientId}`);

export function OutboxPage() {
  const { items, pending, online, syncing, stopped, syncNow, discard } = useOutbox();
  const navigate = useNavigate();
  const { modal } = App.useApp();

  const confirmDiscard = (item: OutboxItem) =>
    modal.confirm({
      title: '放弃这条记录？',
      content: item.recordId ? `「${item.title}」已上报，放弃的只是没传上去的照片。` : `「${item.title}」还没有上报，放弃后从本机删除，无法恢复。`,
      okText: '放弃',
      okButtonProps: { danger: true },
      cancelText: '保留',
      onOk: () => discard(item.clientId),
    });

  return (
    <MobileFrame title="待上报" onBack={() => navigate('/m')} backLabel="返回首页">
      {!online && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="当前没有网络，联网后自动上报。" />}
      {online && stopped === 'signedOut' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="登录已过期，重新输入密码后继续上报。" />}
      {items.length === 0 ? (
        <div className="m-card m-hint">本机没有待上报的记录。</div>
      ) : (
        <>
          <p className="m-hint" style={{ marginTop: 0 }}>
            按保存的先后上报；被退回的记录改好后重新提交。
          </p>
          {items.map((item) => (
            <article key={item.clientId} className="m-outbox-item" data-refused={item.refused ? '' : undefined} aria-label={item.title}>
              <div className="m-record-title">{item.title}</div>
              <div className="m-record-meta">
                <Tag>{FORM_LABELS[item.form]}</Tag>
                <span>保存于 {clockLabel(item.savedAt)}</span>
                {item.photo && <span>含照片</span>}
                {item.refused ? <Tag color="red">被退回</Tag> : item.recordId ? <Tag color="blue">记录已上报，照片待传</Tag> : <Tag color="gold">待上报</Tag>}
              </div>
              {item.refused && (
                <p className="m-outbox-message" role="alert">
                  {item.refused.message}
                </p>
              )}
              {item.refused ? (
                <div className="m-actions" style={{ marginTop: 8 }}>
                  <Button size="large" className="m-btn" type="primary" onClick={() => navigate(fixPath(item))}>
                    修改后重新提交
                  </Button>
                  <Button size="large" className="m-btn" danger onClick={() => confirmDiscard(item)}>
                    放弃
                  </Button>
                </div>
              ) : (
                // Waiting items go by themselves: discarding one is the exception, so it is a quiet link.
                <div style={{ textAlign: 'right' }}>
                  <button type="button" className="m-link m-link-danger" onClick={() => confirmDiscard(item)}>
                    不再上报，放弃这条
                  </button>
                </div>
              )}
            </article>
          ))}
          <Button size="large" block className="m-btn" type="primary" style={{ marginTop: 8 }} disabled={!online || pending === 0} loading={syncing} onClick={() => void syncNow()}>
            立即上报（{pending} 条）
          </Button>
        </>
      )}
    </MobileFrame>
  );
}
