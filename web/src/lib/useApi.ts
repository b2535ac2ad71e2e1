/** Loading data for a screen: the value, whether it is loading, the error, and a way to load again. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from './api';
import { takePrefetched } from './prefetch';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

export function useApi<T>(path: string | null, query?: Query): Loaded<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(path !== null);
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    if (key === null || path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    // The first load may take a request the shell started early (lib/prefetch); it is not aborted
    // with this screen, so its answer is simply not used then.
    const answer = (tick === 0 ? takePrefetched<T>(path, queryRef.current) : undefined) ?? api.get<T>(path, queryRef.current, controller.signal);
    answer
      .then((value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted && !(e instanceof DOMException && e.name === 'AbortError')) setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, path, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, loading, error, reload };
}
