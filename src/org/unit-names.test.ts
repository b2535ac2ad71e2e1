import { describe, expect, it } from 'vitest';
import type { OrgLevel } from './levels.js';
import { unitNamesAlong } from './unit-names.js';

const tree: Record<string, { name: string; level: OrgLevel }> = {
  '/c/': { name: '某旗', level: 'county' },
  '/c/t/': { name: '新华镇', level: 'town' },
  '/c/t/v/': { name: '新华村', level: 'village' },
  '/c/t/v/g/': { name: '一社', level: 'group' },
  '/c/t/v/g/w/': { name: '第2网格', level: 'grid' },
  '/c/s/': { name: '城关街道', level: 'town' },
  '/c/s/r/': { name: '和平社区', level: 'village' },
  '/c/s/r/w/': { name: '第1网格', level: 'grid' },
};
const at = (path: string) => {
  const u = tree[path];
  return u && { path, ...u };
};

describe('unit names', () => {
  it('names a unit by its path below the town, and names the town', () => {
    expect(unitNamesAlong('/c/t/v/g/', at)).toEqual({ ownName: '一社', pathName: '新华村/一社', townName: '新华镇' });
    expect(unitNamesAlong('/c/t/v/g/w/', at)).toEqual({ ownName: '第2网格', pathName: '新华村/一社/第2网格', townName: '新华镇' });
    expect(unitNamesAlong('/c/s/r/w/', at)).toEqual({ ownName: '第1网格', pathName: '和平社区/第1网格', townName: '城关街道' });
    expect(unitNamesAlong('/c/t/v/', at)).toEqual({ ownName: '新华村', pathName: '新华村', townName: '新华镇' });
  });

  it('names a town, or a unit above towns, by its own name', () => {
    expect(unitNamesAlong('/c/t/', at)).toEqual({ ownName: '新华镇', pathName: '新华镇', townName: '新华镇' });
    expect(unitNamesAlong('/c/', at)).toEqual({ ownName: '某旗', pathName: '某旗', townName: null });
  });

  it('names from the top it knows in a tree rooted below towns, and nothing for a unit that is gone', () => {
    const village = (path: string) => (path.startsWith('/c/t/v/') ? at(path) : undefined);
    expect(unitNamesAlong('/c/t/v/g/', village)).toEqual({ ownName: '一社', pathName: '新华村/一社', townName: null });
    expect(unitNamesAlong('/c/t/x/', at)).toBeUndefined();
  });
});
