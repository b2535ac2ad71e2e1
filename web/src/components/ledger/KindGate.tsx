/** The kind named in the URL, with the loading and "no such ledger" states every ledger page needs. */
import { Alert, Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import type { Kind } from '../../lib/types';

export function KindGate({ children }: { children: (kind: Kind) => ReactNode }) {
  const { kind: code } = useParams();
  const { byCode, loading, error, reload } = useKinds();
  if (loading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title="台账类型加载失败"
        description={messageOf(error)}
        action={
          <Button size="small" onClick={reload}>
            重试
          </Button>
        }
      />
    );
  }
  const kind = code ? byCode.get(code) : undefined;
  if (!kind) {
    return (
      <Result
        status="404"
        title="没有这个台账"
        subTitle="该台账不存在，或您的角色无权查看。"
        extra={
          <Link to="/">
            <Button type="primary">返回工作台</Button>
          </Link>
        }
      />
    );
  }
  return <>{children(kind)}</>;
}
