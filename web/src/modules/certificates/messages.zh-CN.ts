import type { certificatesEn } from './messages.en.ts';

/** certificates' messages in 简体中文; the type checks that they have exactly the keys of messages.en.ts. */
export const certificatesZhCN: Record<keyof typeof certificatesEn, string> = {
  'nav.certificates': '数字证书',

  'certificates.title': '数字证书',
  'certificates.description': '贵企业的 X.509 证书（SM2 或 ECDSA P-256），须链接至运营方信任的证书机构并通过其证书吊销列表校验；证书的 SHA-256 与 SM3 摘要记录在链上。',
  'certificates.mine': '本企业证书',
  'certificates.none': '暂无证书。',
  'certificates.subject': '主体',
  'certificates.issuer': '颁发者',
  'certificates.algorithm': '算法',
  'certificates.validTo': '有效期至',
  'certificates.onChain': '链上状态',
  'certificates.state.recorded': '已记录',
  'certificates.state.revoked': '已吊销',
  'certificates.state.pending': '处理中',
  'certificates.upload': '上传证书',
  'certificates.uploadHint': '证书主体须包含贵企业的统一社会信用代码；私钥始终由您保管。',
  'certificates.file': '证书（.pem）',
  'certificates.submit': '记录证书',
  'certificates.recorded': '已记录上链。',
  'certificates.authorities': '受信任的证书机构',
  'certificates.noAuthorities': '运营方尚未配置证书机构。',
};
