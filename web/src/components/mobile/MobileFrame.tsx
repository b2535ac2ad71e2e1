/** The phone screens' frame: a blue bar with the title, a back button where there is somewhere to go back to. */
import type { ReactNode } from 'react';

export function MobileFrame({ title, onBack, backLabel = '返回', side, children }: { title: string; onBack?: () => void; backLabel?: string; side?: ReactNode; children: ReactNode }) {
  return (
    <div className="m-app">
      <header className="m-bar">
        {onBack ? (
          <button type="button" className="m-icon-button" aria-label={backLabel} onClick={onBack}>
            ‹
          </button>
        ) : (
          <span style={{ width: 8 }} />
        )}
        <h1>{title}</h1>
        {side && <span className="m-bar-side">{side}</span>}
      </header>
      <main className="m-body">{children}</main>
    </div>
  );
}
