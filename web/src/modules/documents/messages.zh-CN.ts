import type { documentsEn } from './messages.en.ts';

/** documents' messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const documentsZhCN: Record<keyof typeof documentsEn, string> = {
  'nav.documents': '文件',

  'documents.title': '私密文件',
  'documents.description': '发票、合同、仓单和租赁合同加密存储，每份文件一把密钥，并为相关方和监管方分别封装；所有者在链上授予和撤销访问权限，每次读取均有记录。请使用您的私钥打开：tierchain documents open <id> --private-key <文件>。',
  'documents.list': '可读取的文件',
  'documents.none': '暂无文件。',
  'documents.name': '名称',
  'documents.kind': '类型',
  'documents.size': '字节',
  'documents.at': '存储时间',
  'documents.kind.invoice': '发票',
  'documents.kind.contract': '合同',
  'documents.kind.warehouse_receipt': '仓单',
  'documents.kind.lease_contract': '租赁合同',
  'documents.kind.other': '其他',
};
