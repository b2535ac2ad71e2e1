/** The list's total says how exact it is, and offers the exact count only when it is not. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ListTotal, type ExactCount } from './ListTotal';

const counted = (total: number): ExactCount => ({ data: { items: [], total, page: 1, pageSize: 1 }, loading: false, error: undefined, reload: vi.fn() });

describe('ListTotal', () => {
  it('shows a counted total as it is, with nothing to ask for', () => {
    render(<ListTotal page={{ total: 12480, totalKind: 'exact' }} exact={undefined} onCount={vi.fn()} />);
    expect(screen.getByText('共 12,480 条')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '精确统计' })).toBeNull();
  });

  it('marks an estimate and a lower bound, and asks for the exact count on a click', () => {
    const onCount = vi.fn();
    const { rerender } = render(<ListTotal page={{ total: 20700, totalKind: 'estimate' }} exact={undefined} onCount={onCount} />);
    expect(screen.getByText(/约 20,700 条/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '精确统计' }));
    expect(onCount).toHaveBeenCalledOnce();

    rerender(<ListTotal page={{ total: 10000, totalKind: 'atLeast' }} exact={undefined} onCount={onCount} />);
    expect(screen.getByText(/超过 10,000 条/)).toBeTruthy();
    rerender(<ListTotal page={{ total: 10000, totalKind: 'atLeast' }} exact={counted(12480)} onCount={onCount} />);
    expect(screen.getByText('共 12,480 条')).toBeTruthy();
  });

  it('offers to try again when the count failed', () => {
    const failed: ExactCount = { loading: false, error: new Error('网络错误'), reload: vi.fn() };
    render(<ListTotal page={{ total: 10000, totalKind: 'atLeast' }} exact={failed} onCount={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '统计失败，重试' }));
    expect(failed.reload).toHaveBeenCalledOnce();
  });
});
