import type { reportsEn } from './messages.en.ts';

/** reports' messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const reportsZhCN: Record<keyof typeof reportsEn, string> = {
  'nav.reports': '监管报表',

  'reports.title': '监管报表',
  'reports.description': '仅由链上事件计算：任何持有链数据者均可逐字节复现。金额以最小货币单位表示；各列说明见 docs/reports.md。',
  'reports.choose': '报表',
  'reports.kind.outstanding': '未结清债权',
  'reports.kind.financing': '融资',
  'reports.kind.collateral': '抵质押',
  'reports.kind.overdue': '逾期头寸',
  'reports.through': '截至区块 {block} · CSV SHA-256 {sha}…',
  'reports.none': '无数据。',
};
