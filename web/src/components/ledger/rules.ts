/**
 * The form's own checks of a field, in the words the server uses, so a person learns of a missing
 * or malformed value before saving: required, length, pattern, web address, numeric bounds.
 */
import type { Rule } from 'antd/es/form';
import type { Field } from '../../lib/types';

/** The message for a missing value, in the words the server uses. */
export const requiredMessage = (field: Pick<Field, 'label' | 'type'>) =>
  `请${['choice', 'multiChoice', 'person', 'org', 'orgs', 'record', 'date'].includes(field.type) ? '选择' : '填写'}「${field.label}」`;

export function rulesFor(field: Field, required: boolean): Rule[] {
  const rules: Rule[] = [];
  if (required) rules.push({ required: true, message: requiredMessage(field), whitespace: field.type === 'text' || field.type === 'textarea' });
  if (field.maxLength) rules.push({ max: field.maxLength, message: `「${field.label}」不能超过${field.maxLength}个字` });
  if (field.pattern) rules.push({ pattern: new RegExp(field.pattern), message: `「${field.label}」格式不正确${field.patternHint ? `：应为${field.patternHint}` : ''}` });
  if (field.type === 'url') rules.push({ pattern: /^https?:\/\/\S+$/i, message: `「${field.label}」应为以 http:// 或 https:// 开头的网址` });
  if (field.min !== undefined || field.max !== undefined) {
    rules.push({
      type: 'number',
      min: field.min,
      max: field.max,
      message: `「${field.label}」应在 ${field.min ?? '-∞'} 到 ${field.max ?? '∞'} 之间`,
    });
  }
  return rules;
}
