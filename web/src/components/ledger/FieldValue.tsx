/** One value of a record as people read it: labels for codes, names for ids, 是/否, ¥ with separators. */
import { Typography } from 'antd';
import { Link } from 'react-router';
import type { Field } from '../../lib/types';
import { asList, isEmpty, valueText, type Names } from './model';

const SAFE_URL = /^https?:\/\//i;

export function FieldValue({ field, value, names, empty = '—' }: { field: Field; value: unknown; names: Names; empty?: string }) {
  if (isEmpty(value)) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  if (field.type === 'url' && typeof value === 'string' && SAFE_URL.test(value)) {
    return (
      <a href={value} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
        {value}
      </a>
    );
  }
  if (field.type === 'record' && field.kind) {
    const ids = asList(value);
    return (
      <>
        {ids.map((id, i) => (
          <span key={id}>
            {i > 0 && '、'}
            <Link to={`/ledgers/${field.kind}/${id}`}>{names.records[`${field.kind}:${id}`] ?? '…'}</Link>
          </span>
        ))}
      </>
    );
  }
  if (field.type === 'textarea') return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{String(value)}</span>;
  return <span style={{ wordBreak: 'break-word' }}>{valueText(field, value, names)}</span>;
}
