/** The certificates module: what other modules may use of it. */
export { certificatesModule } from './module.ts';
export { digests, verifySignature, type KeyAlgorithm } from './x509.ts';
