/** The form's checks of a field: each rule antd runs, with the Chinese message naming the field. */
import { render } from '@testing-library/react';
import { Form, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../lib/types';
import { requiredMessage, rulesFor } from './rules';

const field = (f: Field): Field => f;

/** Runs the rules in an antd form holding `value` and gives back the first message, or null when the value passes. */
async function check(rules: Rule[], value: unknown): Promise<string | null> {
  let form: FormInstance | undefined;
  function Probe() {
    const [instance] = Form.useForm();
    form = instance;
    return (
      <Form form={instance} initialValues={{ v: value }}>
        <Form.Item name="v" rules={rules}>
          <Held />
        </Form.Item>
      </Form>
    );
  }
  render(<Probe />);
  try {
    await form?.validateFields();
    return null;
  } catch (error) {
    const fields = (error as { errorFields?: Array<{ errors: string[] }> }).errorFields;
    if (!fields) throw error;
    return fields[0]?.errors[0] ?? '';
  }
}

/** The control the form item binds: it only holds the value. */
const Held = (_: { value?: unknown; onChange?: (v: unknown) => void }) => null;

describe('the rules of a field', () => {
  it('asks for a required value, 填写 for what is typed and 选择 for what is picked', async () => {
    const title = field({ name: 'venue', label: '活动地点', type: 'text' });
    expect(await check(rulesFor(title, true), '')).toBe('请填写「活动地点」');
    expect(await check(rulesFor(title, true), '   ')).toBe('请填写「活动地点」');
    expect(await check(rulesFor(title, true), '村委会')).toBeNull();
    expect(await check(rulesFor(title, false), '')).toBeNull();

    const kind = field({ name: 'form', label: '活动形式', type: 'choice' });
    expect(await check(rulesFor(kind, true), undefined)).toBe('请选择「活动形式」');
    expect(requiredMessage({ label: '举办日期', type: 'date' })).toBe('请选择「举办日期」');
    expect(requiredMessage({ label: '参加人数', type: 'integer' })).toBe('请填写「参加人数」');
    expect(rulesFor(kind, false)).toEqual([]);
  });

  it('limits the length, counted in characters', async () => {
    const name = field({ name: 'host', label: '主讲人', type: 'text', maxLength: 4 });
    expect(await check(rulesFor(name, false), '王律师')).toBeNull();
    expect(await check(rulesFor(name, false), '王律师事务所')).toBe('「主讲人」不能超过4个字');
  });

  it('checks a pattern, with its hint when the field has one', async () => {
    const month = field({ name: 'month', label: '排查月份', type: 'text', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', patternHint: '年-月，如 2025-03' });
    expect(await check(rulesFor(month, false), '2025-03')).toBeNull();
    expect(await check(rulesFor(month, false), '2025-13')).toBe('「排查月份」格式不正确：应为年-月，如 2025-03');
    const code = field({ name: 'code', label: '编号', type: 'text', pattern: '^[A-Z]+$' });
    expect(await check(rulesFor(code, false), 'abc')).toBe('「编号」格式不正确');
  });

  it('takes only http and https addresses for a web address', async () => {
    const link = field({ name: 'link', label: '文章链接', type: 'url', maxLength: 500 });
    expect(await check(rulesFor(link, false), 'https://example.gov.cn/a')).toBeNull();
    expect(await check(rulesFor(link, false), 'ftp://example.gov.cn/a')).toBe('「文章链接」应为以 http:// 或 https:// 开头的网址');
  });

  it('keeps a number within its bounds, either of which may be open', async () => {
    const people = field({ name: 'audience', label: '受众人数', type: 'integer', min: 0, max: 5000 });
    expect(await check(rulesFor(people, false), 5000)).toBeNull();
    expect(await check(rulesFor(people, false), 5001)).toBe('「受众人数」应在 0 到 5000 之间');
    expect(await check(rulesFor(people, false), -1)).toBe('「受众人数」应在 0 到 5000 之间');
    const atLeast = field({ name: 'fee', label: '补偿金额', type: 'money', min: 1 });
    expect(await check(rulesFor(atLeast, false), 0)).toBe('「补偿金额」应在 1 到 ∞ 之间');
    expect(await check(rulesFor(atLeast, false), 1e9)).toBeNull();
    const plain = field({ name: 'note', label: '备注', type: 'text' });
    expect(rulesFor(plain, false)).toEqual([]);
  });
});
