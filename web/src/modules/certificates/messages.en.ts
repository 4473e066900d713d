/** certificates' messages in English: its page and menu label. */
export const certificatesEn = {
  'nav.certificates': 'Certificate',

  'certificates.title': 'Certificate',
  'certificates.description': "Your enterprise's X.509 certificate (SM2 or ECDSA P-256), chained to an authority the operator trusts and checked against its revocation list; its SHA-256 and SM3 digests are recorded on-chain.",
  'certificates.mine': 'Your certificate',
  'certificates.none': 'No certificate yet.',
  'certificates.subject': 'Subject',
  'certificates.issuer': 'Issuer',
  'certificates.algorithm': 'Algorithm',
  'certificates.validTo': 'Valid until',
  'certificates.onChain': 'On-chain',
  'certificates.state.recorded': 'Recorded',
  'certificates.state.revoked': 'Revoked',
  'certificates.state.pending': 'On its way',
  'certificates.upload': 'Upload a certificate',
  'certificates.uploadHint': "The subject must carry your registration number; the private key never leaves you.",
  'certificates.file': 'Certificate (.pem)',
  'certificates.submit': 'Record certificate',
  'certificates.recorded': 'Recorded on-chain.',
  'certificates.authorities': 'Trusted certificate authorities',
  'certificates.noAuthorities': 'The operator has configured no authority yet.',
} as const;
