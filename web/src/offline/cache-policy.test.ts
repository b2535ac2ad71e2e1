/** What the service worker keeps, and how a new build replaces the old one's caches. */
import { describe, expect, it } from 'vitest';
import { DATA_PREFIX, USER_CACHE, buildVersion, cacheNames, isFormData, isShellAsset, mayCache, otherUsersCaches, phoneFormUrls, sessionForCache, staleCaches } from './cache-policy';
import { warmUrls } from './register';
import { DATA_CACHE_PREFIX, USER_CACHE_NAME } from './signout';

const url = (path: string) => new URL(path, 'https://fazhi.example.cn');

describe('cache versioning', () => {
  it('names each build’s caches after its version, and the data cache after the user too', () => {
    expect(cacheNames('abc', 'u1')).toEqual({ shell: 'fazhi-shell-abc', data: 'fazhi-data-abc-u1' });
  });

  it('gives each user a data cache of their own, and deletes the others’ when one signs in', () => {
    expect(cacheNames('abc', 'u1').data).not.toBe(cacheNames('abc', 'u2').data);
    expect(cacheNames('abc', 'u1').shell).toBe(cacheNames('abc', 'u2').shell);
    const existing = [cacheNames('abc', 'u1').shell, cacheNames('abc', 'u1').data, cacheNames('abc', 'u2').data, cacheNames('old', 'u2').data, USER_CACHE, 'someone-elses-cache'];
    expect(otherUsersCaches(existing, 'abc', 'u2')).toEqual([cacheNames('abc', 'u1').data, cacheNames('old', 'u2').data]);
  });

  it('gives a new build a new version, and the same build the same', () => {
    const files = ['assets/index-AAAA.js', 'assets/MobilePage-BBBB.js', 'assets/icon-192.png'];
    const index = '<script src="/assets/index-AAAA.js"></script>';
    expect(buildVersion(files, index)).toBe(buildVersion([...files].reverse(), index));
    expect(buildVersion(files, index)).not.toBe(buildVersion(['assets/index-CCCC.js', ...files.slice(1)], index));
    expect(buildVersion(files, index)).not.toBe(buildVersion(files, `${index}<link rel="modulepreload">`));
  });

  it('deletes every cache of ours that is not the current build’s, and nobody else’s', () => {
    const existing = ['fazhi-shell-old1', 'fazhi-data-old1-u1', 'fazhi-shell-new2', 'fazhi-data-new2-u1', 'fazhi-data-new2-u2', USER_CACHE, 'someone-elses-cache'];
    expect(staleCaches(existing, 'new2')).toEqual(['fazhi-shell-old1', 'fazhi-data-old1-u1']);
    expect(staleCaches(['fazhi-shell-new2', 'fazhi-data-new2-u1', USER_CACHE], 'new2')).toEqual([]);
  });

  it('clears on sign-out exactly the caches the worker keeps data in', () => {
    expect(DATA_CACHE_PREFIX).toBe(DATA_PREFIX);
    expect(cacheNames('x', 'u1').data.startsWith(DATA_CACHE_PREFIX)).toBe(true);
    expect(USER_CACHE_NAME).toBe(USER_CACHE);
    expect(cacheNames('x').shell.startsWith(DATA_CACHE_PREFIX)).toBe(false);
  });
});

describe('what is cached', () => {
  const phone = url('/m/screening');
  const desktop = url('/people');

  it('keeps the GET answers the phone forms need, exactly the addresses the phone warms up', () => {
    expect(warmUrls('v1')).toEqual(phoneFormUrls('v1'));
    for (const path of ['/api/session', '/api/kinds', '/api/orgs?levels=village%2Cgroup%2Cgrid', '/api/people?org=v1&pageSize=100']) {
      expect(isFormData(url(path)), path).toBe(true);
      expect(mayCache(url(path), phone), path).toBe(true);
    }
  });

  it('keeps nothing for a desktop page, nor for a request whose page is unknown', () => {
    for (const path of phoneFormUrls('v1')) {
      expect(mayCache(url(path), desktop), path).toBe(false);
      expect(mayCache(url(path), url('/mobile-lookalike')), path).toBe(false);
      expect(mayCache(url(path), undefined), path).toBe(false);
    }
  });

  it('keeps no people search, further page or other query, even for the phone', () => {
    for (const path of ['/api/people?org=v1&pageSize=100&q=%E5%BC%A0', '/api/people?q=138&org=v1&pageSize=100', '/api/people?org=v1&pageSize=100&page=2', '/api/people?org=v1', '/api/people?pageSize=100', '/api/people?org=&pageSize=100', '/api/orgs?levels=village', '/api/kinds?x=1'])
      expect(mayCache(url(path), phone), path).toBe(false);
  });

  it('keeps no record lists, records, attachments or whole directories', () => {
    for (const path of ['/api/ledgers/dispute?sort=-date', '/api/ledgers/dispute/r1', '/api/ledgers/dispute/r1/attachments', '/api/people', '/api/orgs', '/api/users', '/api/dashboard', '/api/me'])
      expect(isFormData(url(path)), path).toBe(false);
  });

  it('keeps the session without its CSRF token, and only the signed-in user’s', () => {
    const body = { me: { id: 'u1', displayName: '张三', role: 'grid', org: { id: 'v1', name: '一村', level: 'village' }, csrfToken: 'secret' } };
    expect(sessionForCache(body, 'u1')).toEqual({ me: { id: 'u1', displayName: '张三', role: 'grid', org: { id: 'v1', name: '一村', level: 'village' } } });
    expect(JSON.stringify(sessionForCache(body, 'u1'))).not.toContain('secret');
    expect(sessionForCache(body, 'u2')).toBeUndefined();
    expect(sessionForCache({ me: null }, 'u1')).toBeUndefined();
  });

  it('serves built files from the shell cache, but never the worker itself', () => {
    expect(isShellAsset(url('/assets/index-AAAA.js'))).toBe(true);
    expect(isShellAsset(url('/assets/sw.js'))).toBe(false);
    expect(isShellAsset(url('/api/kinds'))).toBe(false);
  });
});
