/**
 * Made-up Chinese place and person names for synthetic data. Place names are two characters
 * (three once the two-character ones run out), each used once in the province, so a town can be
 * named on the command line; people's names repeat, as real ones do, and carry the 示例 mark.
 */
import type { Rng } from '../demo/random.js';

const FIRST = [
  '安', '宁', '平', '和', '丰', '兴', '福', '德', '永', '长', '新', '东', '西', '南', '北', '清', '青', '白', '红', '金',
  '云', '龙', '凤', '柳', '桃', '杨', '梅', '宝', '泰', '康', '乐', '顺', '昌', '盛', '富', '吉', '祥', '瑞', '太', '大',
  '上', '下', '高', '双', '三', '五', '万', '广', '崇', '义',
] as const;

const SECOND = [
  '河', '山', '石', '桥', '林', '泉', '阳', '春', '华', '庆', '源', '川', '峰', '江', '湖', '岭', '城', '台', '坪', '沟',
  '坝', '营', '堡', '屯', '庄', '集', '口', '湾', '洲', '滩', '塘', '岗', '坡', '原', '田', '溪', '水', '店', '寨', '铺',
] as const;

/** Unique place names for one province, in a seeded order. */
export class PlaceNames {
  private readonly pool: string[];
  private used = 0;

  constructor(rng: Rng) {
    const two = FIRST.flatMap((a) => SECOND.map((b) => a + b));
    this.pool = rng.shuffle(two);
    // Three characters once the two-character names run out: 2,000 more per first character.
    for (const a of rng.shuffle(FIRST)) this.pool.push(...rng.shuffle(two).map((n) => a + n));
  }

  next(): string {
    const name = this.pool[this.used++];
    if (name === undefined) throw new Error('synthetic place names exhausted');
    return name;
  }
}

/** Village names need only be unique within their town. */
export function villageNames(rng: Rng, count: number, suffix: string): string[] {
  const two = rng.sample(FIRST, Math.min(count, FIRST.length)).map((a) => a + rng.pick(SECOND));
  const names = [...new Set(two)];
  for (let i = 0; names.length < count; i++) names.push(`${FIRST[i % FIRST.length]}${SECOND[(i * 7) % SECOND.length]}${i}`);
  return names.slice(0, count).map((n) => n + suffix);
}

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗', '郑',
  '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '田', '董', '袁', '潘', '于', '蒋', '杜', '程', '苏', '魏',
  '吕', '丁', '任', '姚', '卢', '姜', '崔', '范', '金', '石', '贾', '付', '白', '孟', '秦', '薛', '闫', '段', '侯', '史',
] as const;

const GIVEN_MALE = ['建国', '志强', '永平', '海军', '文斌', '振华', '立新', '福林', '玉明', '俊峰', '德胜', '宏伟', '晓东', '利军', '学文', '明亮', '卫东', '云飞', '鹏飞', '永强', '新民', '春生', '志刚', '建平', '磊', '军', '勇', '涛', '斌', '强'] as const;
const GIVEN_FEMALE = ['秀英', '桂兰', '玉梅', '丽华', '淑芳', '春燕', '晓燕', '美玲', '海霞', '金凤', '彩霞', '红梅', '亚丽', '文静', '晓红', '慧敏', '艳芳', '冬梅', '丽娟', '雅琴', '敏', '静', '丽', '芳', '娜'] as const;

export const EXAMPLE_MARK = '（示例）';

export function personName(rng: Rng, femaleShare = 0.4): { name: string; gender: '男' | '女' } {
  const female = rng.chance(femaleShare);
  const given = female ? rng.pick(GIVEN_FEMALE) : rng.pick(GIVEN_MALE);
  return { name: rng.pick(SURNAMES) + given + EXAMPLE_MARK, gender: female ? '女' : '男' };
}

/** '王某某（示例）': how a party's name is written in synthetic sensitive fields. */
export function maskedName(rng: Rng): string {
  return `${rng.pick(SURNAMES)}某${rng.chance(0.5) ? '某' : ''}${EXAMPLE_MARK}`;
}
