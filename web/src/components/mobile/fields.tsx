/**
 * Form pieces for the phone: plain HTML inputs (the phone's own keyboard and pickers), large,
 * each with a visible label, a hint, and the server's message under it when it refused the value.
 */
import { useId, type ReactNode } from 'react';
import type { Option } from '../../lib/types';
import type { Unit } from './useUnits';

export function Field({ label, optional, hint, error, children, id }: { label: string; optional?: boolean; hint?: ReactNode; error?: string; children: ReactNode; id: string }) {
  return (
    <div className="m-field">
      <label className="m-label" htmlFor={id}>
        {label}
        {optional && <span className="m-optional">（可不填）</span>}
      </label>
      {children}
      {hint && !error && (
        <div className="m-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="m-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Big tappable choices, two to a row: a radio group a thumb can hit. */
export function ChoiceGrid({ label, options, value, onChange, error }: { label: string; options: Option[]; value: string | undefined; onChange: (code: string) => void; error?: string }) {
  const id = useId();
  return (
    <div className="m-field">
      <div className="m-label" id={id}>
        {label}
      </div>
      <div className="m-choices" role="radiogroup" aria-labelledby={id} aria-invalid={error ? true : undefined}>
        {options.map((o) => (
          <button key={o.code} type="button" role="radio" aria-checked={value === o.code} className="m-choice" onClick={() => onChange(o.code)}>
            {o.label}
          </button>
        ))}
      </div>
      {error && (
        <div className="m-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** The village, group or grid, indented under its parent. */
export function UnitSelect({ id, units, value, onChange, error }: { id: string; units: Unit[]; value: string; onChange: (id: string) => void; error?: string }) {
  return (
    <select id={id} className="m-select" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      {!units.some((u) => u.id === value) && <option value="">请选择</option>}
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {'\u3000'.repeat(u.depth)}
          {u.name}
        </option>
      ))}
    </select>
  );
}

/** A whole number with − and + buttons big enough for a thumb. */
export function Stepper({ id, value, onChange, min = 0, max = 1000, error }: { id: string; value: number; onChange: (n: number) => void; min?: number; max?: number; error?: string }) {
  const clamp = (n: number) => Math.max(min, Math.min(max, n));
  return (
    <div className="m-stepper">
      <button type="button" aria-label="减一" onClick={() => onChange(clamp(value - 1))} disabled={value <= min}>
        −
      </button>
      <input
        id={id}
        className="m-input"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onChange(e.target.value === '' ? min : clamp(Math.trunc(Number(e.target.value))))}
        aria-invalid={error ? true : undefined}
      />
      <button type="button" aria-label="加一" onClick={() => onChange(clamp(value + 1))} disabled={value >= max}>
        +
      </button>
    </div>
  );
}

/** Field problems of a refused request, by field name. */
export function problemsOf(details: Array<{ field: string; message: string }>): Record<string, string> {
  return Object.fromEntries(details.map((d) => [d.field, d.message]));
}
