import type { bankingEn } from './messages.en.ts';

/** banking's messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const bankingZhCN: Record<keyof typeof bankingEn, string> = {
  'nav.bank': '银行报文',

  'bank.title': '银行报文（ISO 20022）',
  'bank.description': '银行的 camt.054 通知按付款账户向会员记入 XT；已确认的提现以 pain.001 付出。',
  'bank.import': '导入 camt.054 通知',
  'bank.importHint': '整份报文要么全部入账，要么全部不入账；同一报文、同一分录只入账一次。',
  'bank.importSubmit': '导入',
  'bank.imported': '已导入：记入 {credited}，扣减 {debited}。',
  'bank.export': '支付提现',
  'bank.exportHint': '为尚未导出的每笔已确认提现生成一份 pain.001 贷记转账指令。',
  'bank.exportSubmit': '导出 pain.001',
  'bank.download': '下载（{count} 笔付款，{amount}）',
  'bank.nothingToPay': '无待付款项（{skipped} 笔等待登记银行账户）。',
  'bank.messages': '报文',
  'bank.noMessages': '暂无银行报文。',
  'bank.at': '时间',
  'bank.kind': '类型',
  'bank.messageId': '报文编号',
  'bank.credited': '记入',
  'bank.debited': '扣减',
  'bank.payouts': '付款',
  'bank.noPayouts': '暂无付款。',
  'bank.endToEndId': '端到端编号',
  'bank.account': '账户',
  'bank.status': '状态',
  'bank.status.exported': '已发送至银行',
  'bank.status.paid': '已付款',
};
