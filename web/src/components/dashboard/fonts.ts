/** The same Chinese-first font stack as the rest of the UI, for text drawn on canvas. */
export const FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
