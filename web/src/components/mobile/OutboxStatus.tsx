/** The grid worker's home: is anything waiting to be sent, was anything refused, when did the phone last sync. */
import { CloudSyncOutlined, DisconnectOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useOutbox } from '../../offline/OutboxContext';
import { clockLabel } from './dates';

export function OutboxStatus() {
  const { pending, refused, lastSyncAt, syncing, online, stopped, syncNow } = useOutbox();
  const navigate = useNavigate();
  const last = lastSyncAt ? `上次同步：${clockLabel(lastSyncAt)}` : '还没有同步过';
  return (
    <section className="m-card m-outbox" aria-label="待上报">
      {!online && (
        <p className="m-outbox-offline" role="status">
          <DisconnectOutlined aria-hidden /> 当前没有网络。照常填写，记录先保存在本机，联网后自动上报。
        </p>
      )}
      {pending + refused.length === 0 ? (
        <p className="m-outbox-line">
          <CloudSyncOutlined aria-hidden /> 本机没有待上报的记录。<span className="m-hint">{last}</span>
        </p>
      ) : (
        <>
          <p className="m-outbox-line">
            <CloudSyncOutlined aria-hidden /> <strong>{pending} 条待上报</strong>
            {refused.length > 0 && (
              <span className="m-outbox-refused">
                <ExclamationCircleFilled aria-hidden /> {refused.length} 条被退回，需要修改
              </span>
            )}
          </p>
          <p className="m-hint" style={{ margin: '2px 0 8px' }}>
            {last}
            {stopped === 'signedOut' ? '。登录已过期，重新输入密码后继续上报' : stopped === 'server' ? '。服务器暂时无法接收，稍后自动重试' : ''}
          </p>
          <div className="m-actions" style={{ marginTop: 0 }}>
            <Button size="large" className="m-btn" onClick={() => navigate('/m/outbox')}>
              查看待上报
            </Button>
            <Button size="large" className="m-btn" type="primary" ghost disabled={!online || pending === 0} loading={syncing} onClick={() => void syncNow()}>
              立即上报
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
