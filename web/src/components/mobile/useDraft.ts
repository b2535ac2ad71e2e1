/**
 * Form values kept in the tab's session storage: a reload or a dropped connection does not lose
 * what was typed. Personal information (`transient` keys, e.g. a party's name and phone) is never
 * written there: it would outlive a sign-out on a shared phone.
 */
import { useCallback, useEffect, useState } from 'react';

export function useDraft<T extends object>(key: string, initial: () => T, transient: ReadonlyArray<keyof T> = []): [T, (patch: Partial<T>) => void, () => void] {
  const storageKey = `fazhi.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      if (saved) return { ...initial(), ...(JSON.parse(saved) as Partial<T>) };
    } catch {
      // A private window without storage: start empty.
    }
    return initial();
  });
  // The transient keys as one string: a caller's new array of the same keys does not re-run the effect.
  const transientKey = transient.map(String).join('\u0000');
  useEffect(() => {
    try {
      const skip = new Set(transientKey.split('\u0000'));
      const kept = Object.fromEntries(Object.entries(value).filter(([k]) => !skip.has(k)));
      sessionStorage.setItem(storageKey, JSON.stringify(kept));
    } catch {
      // Storage full or unavailable: the form still works, it just is not kept.
    }
  }, [storageKey, value, transientKey]);
  const patch = useCallback((p: Partial<T>) => setValue((v) => ({ ...v, ...p })), []);
  const reset = useCallback(() => {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // nothing kept
    }
    setValue(initial());
  }, [storageKey, initial]);
  return [value, patch, reset];
}
