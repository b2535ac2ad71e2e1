/** The control a field of each type gets, and what it reports back to the form when a person uses it. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Field } from '../../lib/types';
import { FieldInput } from './FieldInput';

const NAMES = { people: {}, records: {} };

/** The control for `field` holding `value`; `changed` is told every value it reports. */
function control(field: Field, value?: unknown) {
  const changed = vi.fn();
  const view = render(<FieldInput id={field.name} field={field} value={value} onChange={changed} names={NAMES} />);
  return { changed, view };
}

const STATUS: Field = {
  name: 'form',
  label: '活动形式',
  type: 'choice',
  list: 'testForm',
  options: [
    { code: 'lecture', label: '集中授课', active: true },
    { code: 'consult', label: '现场咨询', active: true },
    { code: 'radio', label: '广播宣传', active: false },
  ],
};

/** Opens a select and gives back the labels of the options it offers. */
function openOptions(): string[] {
  fireEvent.mouseDown(screen.getByRole('combobox'));
  const list = document.querySelector('.ant-select-dropdown') as HTMLElement;
  expect(list).not.toBeNull();
  return [...list.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title') ?? o.textContent);
}
const pick = (label: string) => fireEvent.click(document.querySelector(`.ant-select-item-option[title="${label}"]`) as HTMLElement);

describe('the control of a field', () => {
  it('types text up to its length, with a counter for longer fields', () => {
    const { changed } = control({ name: 'venue', label: '活动地点', type: 'text', maxLength: 50 }, '村委会');
    const box = screen.getByRole('textbox');
    expect(box).toHaveProperty('value', '村委会');
    expect(box.getAttribute('maxlength')).toBe('50');
    expect(document.body.textContent).toContain('3 / 50');
    fireEvent.change(box, { target: { value: '村委会二楼' } });
    expect(changed).toHaveBeenLastCalledWith('村委会二楼');
  });

  it('gives a long text a text area', () => {
    const { changed } = control({ name: 'summary', label: '活动内容', type: 'textarea', maxLength: 5000 });
    const area = screen.getByRole('textbox');
    expect(area.tagName).toBe('TEXTAREA');
    fireEvent.change(area, { target: { value: '宣讲民法典' } });
    expect(changed).toHaveBeenLastCalledWith('宣讲民法典');
  });

  it('takes a whole number within its bounds', () => {
    const { changed } = control({ name: 'audience', label: '受众人数', type: 'integer', min: 0, max: 5000 }, 120);
    const box = screen.getByRole('spinbutton');
    expect(box).toHaveProperty('value', '120');
    expect(box.getAttribute('aria-valuemin')).toBe('0');
    expect(box.getAttribute('aria-valuemax')).toBe('5000');
    fireEvent.change(box, { target: { value: '300' } });
    expect(changed).toHaveBeenLastCalledWith(300);
  });

  it('shows money in 元 with thousands separators, and reports it as a number', () => {
    const { changed } = control({ name: 'fee', label: '补偿金额', type: 'money', min: 0, max: 1_000_000_000 }, 1234567.5);
    const box = screen.getByRole('spinbutton');
    expect(box).toHaveProperty('value', '1,234,567.50');
    expect(document.body.textContent).toContain('¥');
    expect(document.body.textContent).toContain('元');
    fireEvent.change(box, { target: { value: '2,000.25' } });
    expect(changed).toHaveBeenLastCalledWith(2000.25);
  });

  it('lets money be typed as it comes, and shows it to the fen once the field is left', () => {
    // As in the form, the value the control reports is the value it is given back.
    const changed = vi.fn();
    const field: Field = { name: 'fee', label: '补偿金额', type: 'money', min: 0, max: 1_000_000_000 };
    function Held() {
      const [value, setValue] = useState<unknown>(null);
      const report = (v: unknown) => {
        changed(v);
        setValue(v);
      };
      return <FieldInput id="fee" field={field} value={value} onChange={report} names={NAMES} />;
    }
    render(<Held />);
    const box = screen.getByRole('spinbutton');
    /** One key typed: down, the text it makes, up. */
    const type = (key: string, text: string) => {
      fireEvent.keyDown(box, { key });
      fireEvent.change(box, { target: { value: text } });
      fireEvent.keyUp(box, { key });
    };
    fireEvent.focus(box);
    type('.', '3000.');
    expect(box).toHaveProperty('value', '3000.');
    expect(changed).toHaveBeenLastCalledWith(3000);
    type('5', '3000.5');
    expect(box).toHaveProperty('value', '3000.5');
    fireEvent.blur(box);
    expect(box).toHaveProperty('value', '3,000.50');
    expect(changed).toHaveBeenLastCalledWith(3000.5);
  });

  it('keeps a decimal’s fractions', () => {
    const { changed } = control({ name: 'hours', label: '调解用时', type: 'decimal', min: 0, max: 100 });
    fireEvent.change(screen.getByRole('spinbutton'), { target: { value: '1.25' } });
    expect(changed).toHaveBeenLastCalledWith(1.25);
  });

  it('shows a date as 年-月-日 and reports it as a YYYY-MM-DD string', () => {
    const { changed } = control({ name: 'heldOn', label: '举办日期', type: 'date' }, '2025-03-08');
    const box = screen.getByRole('textbox');
    expect(box).toHaveProperty('value', '2025-03-08');
    fireEvent.mouseDown(box);
    fireEvent.focus(box);
    fireEvent.change(box, { target: { value: '2025-04-01' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(changed).toHaveBeenLastCalledWith('2025-04-01');
  });

  it('switches a yes-or-no field', () => {
    const { changed } = control({ name: 'online', label: '线上开展', type: 'boolean' }, false);
    const toggle = screen.getByRole('switch');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(toggle.textContent).toContain('否');
    fireEvent.click(toggle);
    expect(changed).toHaveBeenLastCalledWith(true);
  });

  it('offers a choice’s active options only, and reports the code picked', () => {
    const { changed } = control(STATUS);
    expect(openOptions()).toEqual(['集中授课', '现场咨询']);
    pick('现场咨询');
    expect(changed).toHaveBeenLastCalledWith('consult');
  });

  it('keeps an inactive option a record already holds, marked as stopped', () => {
    control(STATUS, 'radio');
    expect(screen.getByRole('combobox').closest('.ant-select')?.textContent).toContain('广播宣传（已停用）');
    expect(openOptions()).toEqual(['集中授课', '现场咨询', '广播宣传（已停用）']);
  });

  it('picks several of a multiple choice and reports them all', () => {
    const { changed } = control({ ...STATUS, name: 'forms', type: 'multiChoice' }, ['lecture']);
    expect(within(screen.getByRole('combobox').closest('.ant-select') as HTMLElement).getByText('集中授课')).toBeTruthy();
    expect(openOptions()).toEqual(['集中授课', '现场咨询']);
    pick('现场咨询');
    expect(changed.mock.lastCall?.[0]).toEqual(['lecture', 'consult']);
  });
});
