/**
 * Made-up names for demo people. Every name is unique in the data set and carries the
 * 示例 mark, so nobody mistakes a demo person for a real one.
 */
import { Rng } from './random.js';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗', '郑',
  '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '田', '董', '袁', '潘', '于', '蒋', '杜', '程', '苏', '魏',
  '吕', '丁', '任', '姚', '卢', '姜', '崔', '范', '金', '石', '贾', '付', '白', '孟', '秦', '薛', '闫', '段', '侯', '史',
  '郝', '武', '乔', '康', '常', '樊', '牛', '温', '尚', '贺',
] as const;

const MALE_GIVEN = [
  '建国', '建军', '志强', '永平', '海军', '国庆', '文斌', '振华', '立新', '福林', '玉明', '保华', '长春', '俊峰', '德胜',
  '宏伟', '晓东', '利军', '占山', '金山', '学文', '有才', '明亮', '卫东', '少华', '继平', '云飞', '秀峰', '二虎', '满仓',
  '润生', '喜军', '鹏飞', '海龙', '永强', '新民', '治国', '宝柱', '春生', '忠义', '跃进', '成林', '瑞军', '志刚', '建平',
] as const;

const FEMALE_GIVEN = [
  '秀英', '桂兰', '玉梅', '丽华', '淑芳', '春燕', '晓燕', '美玲', '海霞', '金凤', '彩霞', '俊梅', '翠英', '红梅', '亚丽',
  '雪莲', '文静', '晓红', '慧敏', '艳芳', '冬梅', '素琴', '兰英', '月娥', '丽娟', '小芳', '雅琴', '巧云', '凤英', '永红',
] as const;

/** A few Mongolian names: the county is in Inner Mongolia. Used sparingly, each once. */
const MONGOLIAN = [
  ['巴特尔', '男'], ['其木格', '女'], ['乌日娜', '女'], ['那仁', '男'], ['苏和', '男'], ['萨仁', '女'],
  ['额尔敦', '男'], ['高娃', '女'], ['朝鲁', '男'], ['斯琴', '女'], ['宝音', '男'], ['阿拉坦', '男'],
] as const;

export type Gender = '男' | '女';

export const EXAMPLE_MARK = '（示例）';

export class NameSource {
  private readonly male: string[];
  private readonly female: string[];
  private readonly mongolian: Array<readonly [string, Gender]>;
  private readonly rng: Rng;
  private issued = 0;

  constructor(label = 'names') {
    this.rng = new Rng(label);
    this.male = this.rng.shuffle(SURNAMES.flatMap((s) => MALE_GIVEN.map((g) => s + g)));
    this.female = this.rng.shuffle(SURNAMES.flatMap((s) => FEMALE_GIVEN.map((g) => s + g)));
    this.mongolian = this.rng.shuffle(MONGOLIAN);
  }

  /** A fresh person: a name nobody else in the demo has, marked 示例, and a gender. */
  next(femaleShare = 0.4): { name: string; gender: Gender } {
    this.issued++;
    if (this.issued % 45 === 0 && this.mongolian.length) {
      const [name, gender] = this.mongolian.shift() as readonly [string, Gender];
      return { name: name + EXAMPLE_MARK, gender };
    }
    const female = this.rng.chance(femaleShare);
    const pool = female ? this.female : this.male;
    const name = pool.shift();
    if (!name) throw new Error('demo name pool exhausted');
    return { name: name + EXAMPLE_MARK, gender: female ? '女' : '男' };
  }
}

/** '王某某（示例）'-style names for sensitive parties (dispute parties, petitioners, penalty parties). */
export function maskedParty(rng: Rng, count = 1): string {
  const names = rng.sample(SURNAMES, count).map((s) => `${s}某${rng.chance(0.5) ? '某' : ''}`);
  return names.join('、') + EXAMPLE_MARK;
}
