import { describe, expect, it } from 'vitest';
import type { OrgLevel } from './levels.js';
import { idOfPath, pathsAlong, townPathOf } from './towns.js';

describe('the town a unit belongs to', () => {
  it('lists a path and its ancestors', () => {
    expect(pathsAlong('/a/b/c/')).toEqual(['/a/', '/a/b/', '/a/b/c/']);
    expect(pathsAlong('/a/')).toEqual(['/a/']);
  });

  it('is the nearest unit at town level or above, counting the unit itself', () => {
    const levels: Record<string, OrgLevel> = { '/p/': 'province', '/p/c/': 'county', '/p/c/t/': 'town', '/p/c/t/v/': 'village', '/p/c/t/v/g/': 'grid' };
    const levelOf = (p: string) => levels[p];
    expect(townPathOf('/p/c/t/v/g/', levelOf)).toBe('/p/c/t/');
    expect(townPathOf('/p/c/t/v/', levelOf)).toBe('/p/c/t/');
    expect(townPathOf('/p/c/t/', levelOf)).toBe('/p/c/t/');
    expect(townPathOf('/p/c/', levelOf)).toBe('/p/c/');
    // A deployment whose root is a village (no town above): the root is the town of everything in it.
    const village = (p: string) => ({ '/v/': 'village', '/v/g/': 'grid' })[p] as OrgLevel | undefined;
    expect(townPathOf('/v/g/', village)).toBe('/v/');
    expect(townPathOf('/v/', village)).toBe('/v/');
    // A path no unit of the tree lies on is its own.
    expect(townPathOf('/x/y/', () => undefined)).toBe('/x/y/');
  });

  it('reads the id a path ends in', () => {
    expect(idOfPath('/p/c/t/')).toBe('t');
  });
});
