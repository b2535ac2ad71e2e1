import { describe, expect, it } from 'vitest';
import { leadersOf, unitTypeOf, unitWording } from './unit-wording.js';

describe('leadersOf', () => {
  it('names the leaders of a town by its type', () => {
    expect(leadersOf({ name: '新华镇', level: 'town' })).toBe('镇领导');
    expect(leadersOf({ name: '河东乡', level: 'town' })).toBe('乡领导');
    expect(leadersOf({ name: '城关街道', level: 'town' })).toBe('街道领导');
    expect(leadersOf({ name: '巴音苏木', level: 'town' })).toBe('苏木领导');
  });

  it('names the leaders of a county, a city or a province by the name it goes by', () => {
    expect(leadersOf({ name: '某某旗', level: 'county' })).toBe('旗领导');
    expect(leadersOf({ name: '某某自治旗', level: 'county' })).toBe('旗领导');
    expect(leadersOf({ name: '某某县', level: 'county' })).toBe('县领导');
    expect(leadersOf({ name: '某某自治县', level: 'county' })).toBe('县领导');
    expect(leadersOf({ name: '某某区', level: 'county' })).toBe('区领导');
    expect(leadersOf({ name: '某某市', level: 'county' })).toBe('市领导');
    expect(leadersOf({ name: '某某盟', level: 'city' })).toBe('盟领导');
    expect(leadersOf({ name: '某某自治州', level: 'city' })).toBe('州领导');
    expect(leadersOf({ name: '某某市', level: 'city' })).toBe('市领导');
    expect(leadersOf({ name: '某某自治区', level: 'province' })).toBe('自治区领导');
    expect(leadersOf({ name: '某某省', level: 'province' })).toBe('省领导');
  });

  it('agrees with the words a town report uses for its unit', () => {
    for (const name of ['新华镇', '河东乡', '城关街道', '巴音苏木']) {
      expect(leadersOf({ name, level: 'town' })).toBe(`${unitWording(unitTypeOf(name)).unit}领导`);
    }
  });
});
