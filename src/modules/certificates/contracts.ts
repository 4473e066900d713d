import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { certificateRegistryAbi, certificateRegistryBytecode } from './generated/index.ts';

/** CertificateRegistry (contracts/certificates/): members' certificate hashes, recorded and revoked by the operator. */
export const certificatesContracts: ContractPart = {
  logical: [{ name: 'CertificateRegistry', abi: certificateRegistryAbi }],
  deploy: [
    {
      name: 'CertificateRegistry',
      abi: certificateRegistryAbi,
      bytecode: certificateRegistryBytecode,
      serves: ['CertificateRegistry'],
      needs: ['MemberRegistry'],
      args: ({ deployed }) => [deployed.MemberRegistry],
    },
  ],
};

export const certificateRegistry = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'CertificateRegistry', address: addressOf(ctx.deployment, 'CertificateRegistry'), abi: certificateRegistryAbi }) as const;

const s = (v: unknown) => String(v);

export const certificatesExplanations: RevertExplanations = {
  CertificateHashZero: () => 'a certificate is recorded with its SHA-256 and SM3 digests, neither zero',
  CertificateExpiryPassed: (a) => `the certificate expired (not after ${s(a.notAfter)})`,
  CertificateMemberNotRegistered: (a) => `${s(a.member)} is not a registered member`,
  CertificateNotCurrent: (a) => `${s(a.sha256Hash)} is not the current, unrevoked certificate of ${s(a.member)}`,
};
