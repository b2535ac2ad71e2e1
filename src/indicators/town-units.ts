/** The unit words a town's own indicator is offered at first (an editable list, `indicator.unit`; towns add their own). */
export const TOWN_UNIT_WORDS = ['次', '场', '件', '件次', '项', '类', '批次', '家', '个', '条', '起', '台', '户', '人', '人次', '名', '元', '万元'] as const;
export const UNIT_LIST = 'indicator.unit';
