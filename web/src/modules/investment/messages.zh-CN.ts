import type { investmentEn } from './messages.en.ts';

/** investment's messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const investmentZhCN: Record<keyof typeof investmentEn, string> = {
  'nav.investments': '投资',

  'investment.title': '投资',
  'investment.description':
    '债权的点对点挂牌融资（由认证投资人出资），以及分级资产池（A 优先级、B 中间级、C 劣后级）：每期结算时依次向 A、B 分配至其目标收益，剩余归 C；损失依次由 C、B、A 承担。',
  'investment.listings': '点对点挂牌',
  'investment.noListings': '暂无挂牌。',
  'investment.listing': '挂牌',
  'investment.status': '状态',
  'investment.status.open': '募集中',
  'investment.status.funded': '已募满',
  'investment.status.failed': '未募满（已退款）',
  'investment.status.settled': '已结清',
  'investment.face': '面值',
  'investment.price': '价格',
  'investment.raised': '已募集',
  'investment.targetYield': '目标收益率',
  'investment.collected': '已回收',
  'investment.deadline': '截止时间',
  'investment.pool': '资产池各期',
  'investment.poolHint': '每期结算：各档的价值与目标（瀑布分配），以及执行申购赎回后的净值。',
  'investment.poolId': '资产池编号',
  'investment.noEpochs': '该资产池尚无已结算的期次。',
  'investment.epoch': '期次',
  'investment.tranche': '档',
  'investment.previous': '上期价值',
  'investment.target': '目标',
  'investment.value': '瀑布分配后',
  'investment.waterfall': '瀑布',
  'investment.waterfallBar': '{value} / {target}',
  'investment.nav': '申赎后净值',
  'investment.closedAt': '结算时间',
};
