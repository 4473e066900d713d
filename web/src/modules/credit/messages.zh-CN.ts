import type { creditEn } from './messages.en.ts';

/** credit's messages in Simplified Chinese. */
export const creditZhCN: Record<keyof typeof creditEn, string> = {
  'nav.credit': '信用评分',

  'credit.title': '信用评分',
  'credit.description': '每个成员的评分仅来自链上历史：按期偿付的债务、逾期天数、违约、清算、已偿还金额和服务评价。',
  'credit.scores': '成员',
  'credit.empty': '尚无成员。',
  'credit.member': '成员',
  'credit.score': '信用评分',
  'credit.none': '无历史',
  'credit.onTime': '按期',
  'credit.daysOverdue': '逾期天数',
  'credit.defaults': '违约',
  'credit.liquidations': '清算',
  'credit.volume': '已偿还（最小单位）',
  'credit.terms': '公式各项',
  'credit.term.base': '基础',
  'credit.term.punctuality': '按期',
  'credit.term.overdue': '逾期',
  'credit.term.defaults': '违约',
  'credit.term.liquidations': '清算',
  'credit.term.volume': '金额',
  'credit.term.ratings': '评价',
  'credit.formula':
    '评分 = 500 + 按期项（−150 至 +150）− 每逾期一天 2 分（最多 200）− 每次违约 150 − 每次清算 100 + 已偿还金额每翻一倍 10 分（最多 150）+ 评价项（−100 至 +100），范围 0 至 1000。A ≥ 750，B ≥ 600，C ≥ 450，其下为 D。',
  'credit.badge.title': '{obligations} 笔中 {onTime} 笔按期 · 逾期 {days} 天 · 违约 {defaults} 次 · 清算 {liquidations} 次',
};
