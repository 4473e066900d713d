import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { documentRegistryAbi, documentRegistryBytecode } from './generated/index.ts';

/** DocumentRegistry (contracts/documents/): documents' digests and who may read them. */
export const documentsContracts: ContractPart = {
  logical: [{ name: 'DocumentRegistry', abi: documentRegistryAbi }],
  deploy: [
    {
      name: 'DocumentRegistry',
      abi: documentRegistryAbi,
      bytecode: documentRegistryBytecode,
      serves: ['DocumentRegistry'],
      needs: ['MemberRegistry'],
      args: ({ deployed }) => [deployed.MemberRegistry],
    },
  ],
};

export const documentRegistry = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'DocumentRegistry', address: addressOf(ctx.deployment, 'DocumentRegistry'), abi: documentRegistryAbi }) as const;

const s = (v: unknown) => String(v);

export const documentsExplanations: RevertExplanations = {
  DocumentAlreadyRegistered: (a) => `document ${s(a.documentId)} is already registered`,
  DocumentHashZero: () => 'a document is registered with its SHA-256 and SM3 digests, neither zero',
  DocumentUnknown: (a) => `document ${s(a.documentId)} is not registered`,
  NotDocumentOwner: (a) => `${s(a.caller)} does not own document ${s(a.documentId)}`,
  AccessAlreadyGranted: (a) => `${s(a.grantee)} already has access to document ${s(a.documentId)}`,
  AccessNotGranted: (a) => `${s(a.grantee)} has no access to document ${s(a.documentId)} to revoke`,
  GranteeCannotHold: (a) => `${s(a.grantee)} is not an active member`,
  DocumentOwnerNotActive: (a) => `${s(a.owner)} is not an active member`,
};
