/** `tierchain members …` and `tierchain consortia …`. */
import type { Consortium, Member, MemberRole } from '../../sdk/index.ts';
import type { Resource } from '../../cli/ops/context.ts';
import { kv, table } from '../../cli/ops/format.ts';
import { integerValue, listValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

const memberBlock = (m: Member) =>
  kv([
    ['id', m.id],
    ['name', m.name],
    ['registration', m.registrationNumber],
    ['status', m.status],
    ['roles', m.roles.join(', ') || '—'],
    ['address', m.address],
    ['since', m.createdAt],
  ]);

const statusAction = (action: 'certify' | 'suspend' | 'reinstate' | 'revoke'): Resource[string] => ({
  args: ['memberId'],
  options: { reason: { type: 'string' }, ...(action === 'certify' ? { roles: { type: 'string' } } : {}) },
  async run(ctx, a, f) {
    const roles = optionalFlag(f, 'roles');
    const body = { roles: roles === undefined ? undefined : (listValue(roles) as MemberRole[]), reason: optionalFlag(f, 'reason') };
    const r = await ctx.command((o) => ctx.client.members[action](a.memberId!, body, o));
    const member = ctx.wait ? await ctx.client.members.get(a.memberId!) : r.member;
    ctx.done({ ...r, member }, `${member.name}: ${member.status}`, [['roles', member.roles.join(', ') || '—']]);
  },
});

export const members: Resource = {
  list: {
    options: { role: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
    async run(ctx, _a, f) {
      const page = await ctx.client.members.list({
        role: optionalFlag(f, 'role') as MemberRole | undefined,
        status: optionalFlag(f, 'status') as Member['status'] | undefined,
        limit: f.limit === undefined ? undefined : integerValue('--limit', String(f.limit), { min: 1, max: 500 }),
        cursor: optionalFlag(f, 'cursor'),
      });
      ctx.print(page, () =>
        table(['id', 'name', 'status', 'roles'], page.items.map((m) => [m.id, m.name, m.status, m.roles.join(', ')])) +
        (page.nextCursor ? `  more: --cursor ${page.nextCursor}\n` : ''),
      );
    },
  },
  show: {
    args: ['memberId'],
    async run(ctx, a) {
      const m = await ctx.client.members.get(a.memberId!);
      ctx.print(m, () => memberBlock(m));
    },
  },
  me: {
    async run(ctx) {
      const me = await ctx.client.members.me();
      ctx.print(me, () => `${me.member.name}${me.isOperator ? ' (platform operator)' : ''}, user ${me.userId} (${me.userRole})\n${memberBlock(me.member)}`);
    },
  },
  create: {
    options: {
      name: { type: 'string' },
      registration: { type: 'string' },
      roles: { type: 'string' },
      'admin-user': { type: 'string' },
      'no-certify': { type: 'boolean', default: false },
    },
    async run(ctx, _a, f) {
      const r = await ctx.command((o) =>
        ctx.client.members.create(
          {
            name: requiredFlag(f, 'name'),
            registrationNumber: requiredFlag(f, 'registration'),
            roles: listValue(requiredFlag(f, 'roles')) as MemberRole[],
            adminUserName: optionalFlag(f, 'admin-user'),
            certify: f['no-certify'] !== true,
          },
          o,
        ),
      );
      const member = ctx.wait ? await ctx.client.members.get(r.member.id) : r.member;
      ctx.done({ ...r, member }, `member ${member.name}: ${member.status}`, [
          ['id', member.id],
          ['address', member.address],
          ['roles', member.roles.join(', ') || `requested ${member.requestedRoles.join(', ')}`],
          ['api key', r.apiKey ? `${r.apiKey}   (the admin's key, shown once: keep it)` : undefined],
        ]);
    },
  },
  certify: statusAction('certify'),
  suspend: statusAction('suspend'),
  reinstate: statusAction('reinstate'),
  revoke: statusAction('revoke'),
  keys: {
    args: ['memberId'],
    async run(ctx, a) {
      const items = await ctx.client.members.apiKeys(a.memberId!);
      ctx.print({ items }, () =>
        table(['key id', 'prefix', 'user', 'user id', 'role', 'created', 'revoked'], items.map((k) => [k.id, `${k.prefix}…`, k.userName, k.userId, k.userRole, k.createdAt, k.revokedAt ?? '—'])) +
          (items.length ? '  a new key for a user: tierchain members issue-key <memberId> <user id>\n' : ''),
      );
    },
  },
  'issue-key': {
    args: ['memberId', 'userId'],
    async run(ctx, a) {
      const r = await ctx.client.members.issueApiKey(a.memberId!, a.userId!);
      const member = await ctx.nameOf(a.memberId!);
      ctx.print(r, () => kv([['member', member], ['key id', r.keyId], ['api key', `${r.apiKey}   (shown once: keep it)`]]));
    },
  },
  'revoke-key': {
    args: ['memberId', 'keyId'],
    async run(ctx, a) {
      const k = await ctx.client.members.revokeApiKey(a.memberId!, a.keyId!);
      ctx.print(k, () => `revoked ${k.prefix}… of ${k.userName} (${k.userRole}) at ${k.revokedAt}\n`);
    },
  },
};

const consortiumBlock = (c: Consortium) =>
  kv([
    ['id', c.id],
    ['name', c.name],
    ['core', c.core?.name ?? c.core?.address ?? null],
    ['status', c.status],
    ['members', c.memberCount],
  ]) + (c.members.length ? table(['member', 'state', 'member id'], c.members.map((m) => [m.name ?? m.address, m.state, m.memberId ?? '—'])) : '');

export const consortia: Resource = {
  create: {
    options: { name: { type: 'string' } },
    async run(ctx, _a, f) {
      const r = await ctx.command((o) => ctx.client.consortia.create({ name: requiredFlag(f, 'name') }, o));
      ctx.done(r, `consortium ${r.consortiumId}`);
    },
  },
  invite: {
    args: ['consortiumId', 'memberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.consortia.invite(a.consortiumId!, a.memberId!, o));
      ctx.done(r, `invited ${await ctx.nameOf(a.memberId!)} to ${a.consortiumId}`, [['member id', a.memberId]]);
    },
  },
  ...Object.fromEntries(
    (['accept', 'decline', 'leave'] as const).map((action) => [
      action,
      {
        args: ['consortiumId'],
        async run(ctx, a) {
          const r = await ctx.command((o) => ctx.client.consortia[action](a.consortiumId!, o));
          ctx.done(r, `${{ accept: 'accepted', decline: 'declined', leave: 'left' }[action]} ${a.consortiumId}`);
        },
      } satisfies Resource[string],
    ]),
  ),
  list: {
    options: { invitations: { type: 'boolean', default: false } },
    async run(ctx, _a, f) {
      const items = f.invitations ? await ctx.client.consortia.invitations() : await ctx.client.consortia.list();
      ctx.print({ items }, () => table(['id', 'name', 'core', 'status', 'members'], items.map((c) => [c.id, c.name ?? '—', c.core?.name ?? '—', c.status, String(c.memberCount)])));
    },
  },
  show: {
    args: ['consortiumId'],
    async run(ctx, a) {
      const c = await ctx.client.consortia.get(a.consortiumId!);
      ctx.print(c, () => consortiumBlock(c));
    },
  },
};

/** The identity module's `tierchain` resources. */
export const identityCli = { members, consortia };
