/** What a stored template may contain; towns edit templates through the API, so check them. */
import { z } from 'zod';
import { REQUIRED_ITEMS, type ReportTemplate } from './model.js';

const text = (label: string, max: number) =>
  z.string({ error: `请填写「${label}」` }).max(max, { error: `「${label}」不能超过${max}个字` });

const items = Object.keys(REQUIRED_ITEMS) as [keyof typeof REQUIRED_ITEMS, ...Array<keyof typeof REQUIRED_ITEMS>];

export const templateSchema = z.object({
  name: text('模板名称', 100).min(1, { error: '请填写「模板名称」' }),
  title: text('标题', 200).min(1, { error: '请填写「标题」' }),
  addressee: text('主送机关', 100),
  opening: text('开头段落', 5000),
  sections: z
    .array(
      z.object({
        item: z.enum(items, { error: '「对应的报告要求」不在可选范围内' }).optional(),
        heading: text('章节标题', 100).min(1, { error: '请填写「章节标题」' }),
        paragraphs: z.array(text('段落', 5000)).max(50),
        subsections: z
          .array(z.object({ heading: text('小节标题', 100).min(1, { error: '请填写「小节标题」' }), paragraphs: z.array(text('段落', 5000)).max(50) }))
          .max(20)
          .optional(),
      }),
    )
    .min(1, { error: '模板至少要有一个章节' })
    .max(15, { error: '章节不能超过15个' }),
  signature: text('落款', 100).min(1, { error: '请填写「落款」' }),
}) satisfies z.ZodType<ReportTemplate>;

/**
 * Text from outside the template (a ledger record, an uploaded report) made safe to stand in one:
 * braces are placeholders and variables there, so they are written full-width and print as typed.
 */
export const asTemplateText = (text: string) => text.replace(/\{/g, '｛').replace(/\}/g, '｝');
