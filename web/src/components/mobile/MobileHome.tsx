/** The grid worker's phone home: two big buttons for the two things done in the field, and what was reported lately. */
import { AlertOutlined, AuditOutlined } from '@ant-design/icons';
import { Alert, App, Spin } from 'antd';
import { useNavigate } from 'react-router';
import { messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { useMe, useSession } from '../../lib/session';
import { useOutbox } from '../../offline/OutboxContext';
import { MobileFrame } from './MobileFrame';
import { OutboxStatus } from './OutboxStatus';
import { RecordList } from './RecordList';

export function MobileHome() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { byCode, loading, error, reload } = useKinds();
  const dispute = byCode.get('dispute');
  const screening = byCode.get('screeningRound');
  const { items: queued } = useOutbox();
  const { modal } = App.useApp();

  const leave = () => void signOut().then(() => navigate('/login'), () => undefined); // refused offline: the message says why
  // Unsent records go with the sign-out (they hold personal data): say so first.
  const signOutAsked = () =>
    queued.length === 0
      ? leave()
      : modal.confirm({
          title: '还有记录没有上报',
          content: `本机还有 ${queued.length} 条记录没有上报。退出登录会把它们从本机删除，无法恢复。建议联网上报后再退出。`,
          okText: '仍然退出',
          okButtonProps: { danger: true },
          cancelText: '先不退出',
          onOk: leave,
        });

  return (
    <MobileFrame title="法治台账" side={me.org.name}>
      <p style={{ margin: '0 0 14px', fontSize: 16 }}>
        {me.displayName}，您好
      </p>
      <OutboxStatus />
      {error ? <Alert type="error" showIcon title={messageOf(error)} action={<button type="button" className="m-link" onClick={reload}>重试</button>} style={{ marginBottom: 14 }} /> : null}
      <button type="button" className="m-big" onClick={() => navigate('/m/dispute?step=1')} disabled={loading || !dispute?.permissions.create}>
        <AlertOutlined aria-hidden />
        <span>
          上报矛盾纠纷
          <small>{dispute && !dispute.permissions.create ? '您的角色不能上报' : '三步完成：情况、地点、照片'}</small>
        </span>
      </button>
      <button type="button" className="m-big m-big-secondary" onClick={() => navigate('/m/screening')} disabled={loading || !screening?.permissions.create}>
        <AuditOutlined aria-hidden />
        <span>
          登记月度排查
          <small>{screening && !screening.permissions.create ? '您的角色不能登记' : '每月一次，写明发现几件纠纷'}</small>
        </span>
      </button>

      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <h2 className="m-section-title">我的上报</h2>
        <button type="button" className="m-link" onClick={() => navigate('/m/mine')}>
          全部 ›
        </button>
      </div>
      {loading ? (
        <Spin />
      ) : dispute ? (
        <RecordList kind={dispute} pageSize={5} empty="还没有矛盾纠纷记录。发现纠纷时点上面的“上报矛盾纠纷”。" />
      ) : (
        <div className="m-card m-hint">您的角色看不到矛盾纠纷记录。</div>
      )}

      <nav className="m-footer" aria-label="其他">
        <button type="button" className="m-link" onClick={() => navigate('/')}>
          电脑版
        </button>
        <button type="button" className="m-link" onClick={() => navigate('/password')}>
          修改密码
        </button>
        <button type="button" className="m-link" onClick={signOutAsked}>
          退出登录
        </button>
      </nav>
    </MobileFrame>
  );
}
