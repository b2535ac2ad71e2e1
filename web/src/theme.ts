/**
 * The antd theme of the whole UI: the font stack and colours chosen so that every text meets
 * WCAG 2 AA contrast (4.5:1) on the white cards and the grey page background (#f5f5f5).
 *
 * antd's defaults put secondary text, descriptions, placeholders, links and the text of coloured
 * tags between 1.8:1 and 4.1:1; e2e/accessibility.e2e.ts runs axe-core on the main screens and
 * fails on any such text. The greys below stay greys, one step darker, so the pages keep their
 * quiet look; only disabled text keeps antd's pale grey (WCAG exempts inactive controls, and a
 * disabled field should look unavailable).
 */
import type { ThemeConfig } from 'antd';

/** Chinese first: the system font of each platform, then Noto for Linux desktops. */
export const FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** The government blue of the header, buttons and links: 6.7:1 on white. */
export const BRAND_BLUE = '#1d4ed8';

/**
 * The 7th shade of the preset colours whose own fails 4.5:1 on the tag's 1st shade (antd's orange
 * #d46b08 on #fff7e6 is 3.3:1). antd keeps each shade under two names, `orange7` and `orange-7`,
 * and writes both into the same CSS variable, so both are set.
 */
const TAG_TEXT = Object.fromEntries(
  Object.entries({ orange: '#ad4e00', green: '#237804', gold: '#874d00', cyan: '#006d75', volcano: '#ad2102', lime: '#3f6600', yellow: '#876800' }).flatMap(([colour, shade]) => [
    [`${colour}7`, shade],
    [`${colour}-7`, shade],
  ]),
);

export const THEME: ThemeConfig = {
  token: {
    fontFamily: FONT_STACK,
    borderRadius: 6,
    colorPrimary: BRAND_BLUE,
    // Hovered primary buttons and blue text: a brighter blue that keeps white text at 5.2:1
    // (antd's derived #4373e6 is 4.3:1, and the phone's 下一步 stays hovered after the tap).
    colorPrimaryHover: '#2563eb',
    colorPrimaryTextHover: '#2563eb',
    colorInfoTextHover: '#2563eb',
    // Links and info follow the brand blue (antd derives them from its own #1677ff: 4.1:1); a
    // hovered link turns the same brighter blue, not antd's pale derived shade.
    colorLink: BRAND_BLUE,
    colorLinkHover: '#2563eb',
    colorInfo: BRAND_BLUE,
    // Secondary text, descriptions, step titles, description-list labels: 5.7:1 on white,
    // 5.6:1 on the page background (antd's 0.45 black: 3.4:1).
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    // Placeholders are text people read ("全部单位"): 4.9:1, still lighter than what is typed.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    // A deeper red for errors, danger buttons and form messages (5.6:1; antd's #ff4d4f: 3.3:1).
    colorError: '#cf1322',
    // Coloured text of Typography's success and warning types (antd's: 2.3:1 and 1.9:1).
    colorSuccessText: '#237804',
    colorWarningText: '#874d00',
    ...TAG_TEXT,
  },
};
