/** What the service worker keeps, and how a new build replaces the old one's caches. */
import { describe, expect, it } from 'vitest';
import { DATA_PREFIX, buildVersion, cacheNames, isFormData, isShellAsset, staleCaches } from './cache-policy';
import { DATA_CACHE_PREFIX } from './signout';

const url = (path: string) => new URL(path, 'https://fazhi.example.cn');

describe('cache versioning', () => {
  it('names each build’s caches after its version', () => {
    expect(cacheNames('abc')).toEqual({ shell: 'fazhi-shell-abc', data: 'fazhi-data-abc' });
  });

  it('gives a new build a new version, and the same build the same', () => {
    const files = ['assets/index-AAAA.js', 'assets/MobilePage-BBBB.js', 'assets/icon-192.png'];
    const index = '<script src="/assets/index-AAAA.js"></script>';
    expect(buildVersion(files, index)).toBe(buildVersion([...files].reverse(), index));
    expect(buildVersion(files, index)).not.toBe(buildVersion(['assets/index-CCCC.js', ...files.slice(1)], index));
    expect(buildVersion(files, index)).not.toBe(buildVersion(files, `${index}<link rel="modulepreload">`));
  });

  it('deletes every cache of ours that is not the current build’s, and nobody else’s', () => {
    const existing = ['fazhi-shell-old1', 'fazhi-data-old1', 'fazhi-shell-new2', 'fazhi-data-new2', 'someone-elses-cache'];
    expect(staleCaches(existing, 'new2')).toEqual(['fazhi-shell-old1', 'fazhi-data-old1']);
    expect(staleCaches(['fazhi-shell-new2', 'fazhi-data-new2'], 'new2')).toEqual([]);
  });

  it('clears on sign-out exactly the caches the worker keeps data in', () => {
    expect(DATA_CACHE_PREFIX).toBe(DATA_PREFIX);
    expect(cacheNames('x').data.startsWith(DATA_CACHE_PREFIX)).toBe(true);
    expect(cacheNames('x').shell.startsWith(DATA_CACHE_PREFIX)).toBe(false);
  });
});

describe('what is cached', () => {
  it('keeps the GET answers the forms need', () => {
    for (const path of ['/api/session', '/api/kinds', '/api/orgs?levels=village,group,grid', '/api/people?org=v1&pageSize=100']) expect(isFormData(url(path)), path).toBe(true);
  });

  it('keeps no record lists, records, attachments or whole directories', () => {
    for (const path of ['/api/ledgers/dispute?sort=-date', '/api/ledgers/dispute/r1', '/api/ledgers/dispute/r1/attachments', '/api/people', '/api/orgs', '/api/users', '/api/dashboard', '/api/me'])
      expect(isFormData(url(path)), path).toBe(false);
  });

  it('serves built files from the shell cache, but never the worker itself', () => {
    expect(isShellAsset(url('/assets/index-AAAA.js'))).toBe(true);
    expect(isShellAsset(url('/assets/sw.js'))).toBe(false);
    expect(isShellAsset(url('/api/kinds'))).toBe(false);
  });
});
