/** After submitting without a connection: the record is safe on the phone, and how many are waiting. */
import { CloudUploadOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useOutbox } from '../../offline/OutboxContext';
import { MobileFrame } from './MobileFrame';

export function QueuedResult({ title, what, onMore, extra }: { title: string; what: string; onMore: () => void; extra?: ReactNode }) {
  const navigate = useNavigate();
  const { pending, stopped } = useOutbox();
  return (
    <MobileFrame title="已保存在本机" onBack={() => navigate('/m')} backLabel="返回首页">
      <Result
        icon={<CloudUploadOutlined style={{ color: '#1d4ed8' }} />}
        title={<span role="status">已保存在本机，联网后自动上报（{pending} 条待上报）</span>}
        subTitle={
          <>
            「{title}」作为{what}保存在这部手机上。
            {stopped === 'signedOut' ? '登录已过期，重新输入密码后就会上报。' : stopped === 'server' ? '服务器暂时无法接收，稍后自动重试。' : '有信号时会自动上报，不会重复登记。'}
            退出登录会删除本机未上报的记录。
          </>
        }
      />
      {extra}
      <Button type="primary" size="large" block className="m-btn" onClick={onMore}>
        继续上报
      </Button>
      <div className="m-actions" style={{ marginTop: 12 }}>
        <Button size="large" className="m-btn" onClick={() => navigate('/m/outbox')}>
          查看待上报
        </Button>
        <Button size="large" className="m-btn" onClick={() => navigate('/m', { replace: true })}>
          返回
        </Button>
      </div>
    </MobileFrame>
  );
}
