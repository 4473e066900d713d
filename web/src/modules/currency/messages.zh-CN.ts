import type { currencyEn } from './messages.en.ts';

/** currency's messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const currencyZhCN: Record<keyof typeof currencyEn, string> = {
  'nav.xt': 'XT',

  'xt.title': 'XT 结算币',
  'xt.description': 'XT 按银行网关收到的法币 1:1 记入，提现时销毁。金额保留两位小数。',
  'xt.deposit': '记入入金',
  'xt.depositHint': '每个银行流水号只能记入一次。',
  'xt.to': '记入至',
  'xt.amount': '金额',
  'xt.reference': '银行流水号',
  'xt.referenceHint': '您收到的法币转账的流水号。',
  'xt.depositSubmit': '记入 XT',
  'xt.deposited': '已记入。',
  'xt.balances': '余额',
  'xt.supply': '流通量：{amount}',
  'xt.none': '暂无余额。',
  'xt.holder': '持有人',
  'xt.balance': '余额',
  'xt.movements': '流水',
  'xt.noMovements': '暂无流水。',
  'xt.kind': '类型',
  'xt.kind.deposit': '入金',
  'xt.kind.withdrawal': '提现',
  'xt.kind.transfer': '转账',
};
