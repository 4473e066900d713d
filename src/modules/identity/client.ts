/** Members (enterprises, their status and users) and consortia: `client.members`, `client.consortia`. */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Static } from '../../api/schemas.ts';
import type { Accepted, CommandOptions, Page, PageParameters } from '../../sdk/types.ts';
import type { MemberRole } from './roles.ts';
import type { ApiKey, Consortium, Me, Member, MemberStatus, NewApiKey, NewUser } from './schemas.ts';

export type { ApiKey, Consortium, ConsortiumMember, Me, Member, MemberStatus, Party, PartyAt } from './schemas.ts';
export type { MemberRole } from './roles.ts';

export interface CreateMemberParameters {
  /** Legal name. */
  name: string;
  /** Business registration number (e.g. unified social credit code). */
  registrationNumber: string;
  roles: MemberRole[];
  /** Hash of the onboarding documents (`0x` + 64 hex). */
  documentsHash?: string;
  /** Name of the first (admin) user (default "Administrator"). */
  adminUserName?: string;
  /** Certify right away with `roles` (default true). */
  certify?: boolean;
}

/** The new member and its admin's API key (shown once; absent on an idempotent replay). */
export type CreateMemberResult = Accepted<{ member: Member; userId?: string; apiKey?: string }>;

export interface ListMembersParameters extends PageParameters {
  role?: MemberRole;
  status?: MemberStatus;
}

export interface ChangeMemberStatusParameters {
  /** Roles to certify (certify only; default: the requested roles). */
  roles?: MemberRole[];
  reason?: string;
}

export type ChangeMemberStatusResult = Accepted<{ member: Member }>;

export interface AddUserParameters {
  name: string;
  role: 'admin' | 'member' | 'viewer';
}

/** The new user's id and API key (shown once). */
export type AddUserResult = Static<typeof NewUser>;

/** A further key for a user: its id and the key itself (shown once). */
export type IssueApiKeyResult = Static<typeof NewApiKey>;

export interface MembersApi {
  /** Onboards an enterprise (operator): key, profile, admin user and API key; registers and certifies it on-chain. */
  create(p: CreateMemberParameters, o?: CommandOptions): Promise<CreateMemberResult>;
  /** Lists members, a page at a time. */
  list(p?: ListMembersParameters): Promise<Page<Member>>;
  /** Gets one member. */
  get(memberId: string): Promise<Member>;
  /** The calling user and its enterprise. */
  me(): Promise<Me>;
  /** Certifies a member's roles (operator or verifier). */
  certify(memberId: string, p?: ChangeMemberStatusParameters, o?: CommandOptions): Promise<ChangeMemberStatusResult>;
  /** Suspends a member (operator). */
  suspend(memberId: string, p?: ChangeMemberStatusParameters, o?: CommandOptions): Promise<ChangeMemberStatusResult>;
  /** Reinstates a suspended member (operator). */
  reinstate(memberId: string, p?: ChangeMemberStatusParameters, o?: CommandOptions): Promise<ChangeMemberStatusResult>;
  /** Revokes a member for good (operator). */
  revoke(memberId: string, p?: ChangeMemberStatusParameters, o?: CommandOptions): Promise<ChangeMemberStatusResult>;
  /** Adds a user with an API key to a member (its admins or the operator). */
  addUser(memberId: string, p: AddUserParameters): Promise<AddUserResult>;
  /** A member's API keys, newest first, revoked ones included (its admins or the operator's). */
  apiKeys(memberId: string): Promise<ApiKey[]>;
  /** Issues another key for one of the member's users (rotation: issue, switch, then revoke the old one). */
  issueApiKey(memberId: string, userId: string): Promise<IssueApiKeyResult>;
  /** Revokes a key for good, at once (admins, the operator's, or the key's own user); a member keeps one active admin key. */
  revokeApiKey(memberId: string, keyId: string): Promise<ApiKey>;
}

export function createMembersApi(t: Transport, c: CommandSender): MembersApi {
  const status = (action: string) => (memberId: string, p: ChangeMemberStatusParameters = {}, o?: CommandOptions) =>
    c.send<{ member: Member }>(`/v1/members/${seg(memberId)}/${action}`, p, o);
  return {
    create: (p, o) => c.send<{ member: Member; userId?: string; apiKey?: string }>('/v1/members', p, o),
    list: (p = {}) => t.request('GET', '/v1/members', { query: { limit: p.limit, cursor: p.cursor, role: p.role, status: p.status } }),
    get: (memberId) => t.request('GET', `/v1/members/${seg(memberId)}`),
    me: () => t.request('GET', '/v1/me'),
    certify: status('certify'),
    suspend: status('suspend'),
    reinstate: status('reinstate'),
    revoke: status('revoke'),
    addUser: (memberId, p) => t.request('POST', `/v1/members/${seg(memberId)}/users`, { body: p }),
    apiKeys: async (memberId) => (await t.request<{ items: ApiKey[] }>('GET', `/v1/members/${seg(memberId)}/api-keys`)).items,
    issueApiKey: (memberId, userId) => t.request('POST', `/v1/members/${seg(memberId)}/users/${seg(userId)}/api-keys`, { body: {} }),
    revokeApiKey: (memberId, keyId) => t.request('POST', `/v1/members/${seg(memberId)}/api-keys/${seg(keyId)}/revoke`, { body: {} }),
  };
}

export interface CreateConsortiumParameters {
  name: string;
}

export type CreateConsortiumResult = Accepted<{ consortiumId: string }>;

export interface ConsortiaApi {
  /** Creates a consortium (certified core enterprise); its id is known at once. */
  create(p: CreateConsortiumParameters, o?: CommandOptions): Promise<CreateConsortiumResult>;
  /** Consortia you belong to (all, for operator and regulator). */
  list(): Promise<Consortium[]>;
  /** One consortium with its members and invitees. */
  get(consortiumId: string): Promise<Consortium>;
  /** Invites a certified member (the consortium's core). */
  invite(consortiumId: string, memberId: string, o?: CommandOptions): Promise<Accepted>;
  /** Accepts your enterprise's invitation. */
  accept(consortiumId: string, o?: CommandOptions): Promise<Accepted>;
  /** Declines your enterprise's invitation. */
  decline(consortiumId: string, o?: CommandOptions): Promise<Accepted>;
  /** Leaves the consortium. */
  leave(consortiumId: string, o?: CommandOptions): Promise<Accepted>;
  /** Removes a member or withdraws an invitation (the consortium's core). */
  remove(consortiumId: string, memberId: string, o?: CommandOptions): Promise<Accepted>;
  /** Your enterprise's pending invitations. */
  invitations(): Promise<Consortium[]>;
}

export function createConsortiaApi(t: Transport, c: CommandSender): ConsortiaApi {
  const items = async (path: string) => (await t.request<{ items: Consortium[] }>('GET', path)).items;
  const answer = (action: string) => (consortiumId: string, o?: CommandOptions) => c.send(`/v1/consortia/${seg(consortiumId)}/${action}`, {}, o);
  return {
    create: (p, o) => c.send<{ consortiumId: string }>('/v1/consortia', p, o),
    list: () => items('/v1/consortia'),
    get: (consortiumId) => t.request('GET', `/v1/consortia/${seg(consortiumId)}`),
    invite: (consortiumId, memberId, o) => c.send(`/v1/consortia/${seg(consortiumId)}/invitations`, { memberId }, o),
    accept: answer('accept'),
    decline: answer('decline'),
    leave: answer('leave'),
    remove: (consortiumId, memberId, o) => c.send(`/v1/consortia/${seg(consortiumId)}/members/${seg(memberId)}/remove`, {}, o),
    invitations: () => items('/v1/invitations'),
  };
}
