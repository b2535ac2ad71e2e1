/**
 * Fetching a file the server writes (an Excel export, an import template) and handing it to the
 * browser as a download, under the name the server gives it. Errors come back as Error with the
 * server's Chinese message, or `failed` and the status when it has none.
 */
export async function downloadFile(url: string, fallbackName: string, failed: string): Promise<Response> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(res.status === 401 ? '登录已过期，请刷新页面后重新登录' : (body?.error?.message ?? `${failed}（${res.status}）`));
  }
  const blob = await res.blob();
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  // The caller may read the headers (how many rows an export holds).
  return res;
}
