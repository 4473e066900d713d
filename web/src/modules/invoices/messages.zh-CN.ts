import type { invoicesEn } from './messages.en.ts';

/** invoices' messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const invoicesZhCN: Record<keyof typeof invoicesEn, string> = {
  'nav.invoices': '电子发票',

  'invoices.title': '电子发票',
  'invoices.description': '上传您开具的 UBL 2.1（Peppol BIS Billing 3.0）发票或 CSV 批量文件：按融资所需规则校验后作为贸易背景提交，无需重新录入。',
  'invoices.upload': '上传发票',
  'invoices.consortium': '联盟',
  'invoices.file': 'UBL 发票（.xml）或 CSV 批量文件（.csv）',
  'invoices.fileHint': '被拒绝的发票会注明违反的规则（例如 BR-CO-15：合计金额不符）。',
  'invoices.submit': '作为贸易提交',
  'invoices.submitted': '已提交，等待买方确认。',
  'invoices.noConsortium': '请先加入联盟：由其核心企业确认贸易。',
  'invoices.list': '发票',
  'invoices.none': '暂无发票。',
  'invoices.number': '发票号',
  'invoices.issued': '开票日期',
  'invoices.due': '到期日',
  'invoices.payable': '应付金额',
  'invoices.source': '格式',
  'invoices.at': '上传时间',
};
