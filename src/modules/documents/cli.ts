/** `tierchain documents …`: a document key pair, encrypted uploads, reading (decrypted here), grants and the read log. */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from '../../cli/errors.ts';
import type { Resource } from '../../cli/ops/context.ts';
import { kv, table } from '../../cli/ops/format.ts';
import { optionalFlag, requiredFlag } from '../../cli/ops/values.ts';
import { newDocumentKeyPair, openSealed, rewrapKey } from './envelope.ts';
import { DOCUMENT_KINDS } from './kinds.ts';

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, { exitCode: 2 });
  }
}

export const documents: Resource = {
  'new-key': {
    options: { out: { type: 'string' } },
    async run(ctx, _a, f) {
      const out = requiredFlag(f, 'out');
      const pair = newDocumentKeyPair();
      writeFileSync(out, pair.privateKeyPem, { mode: 0o600 });
      const r = await ctx.client.documents.setKey(pair.publicKeyPem);
      ctx.print(r, () => kv([['document key', 'registered'], ['private key', `${out} (keep it: documents are opened with it)`]]));
    },
  },
  upload: {
    args: ['file'],
    options: { kind: { type: 'string' }, parties: { type: 'string' }, name: { type: 'string' } },
    async run(ctx, a, f) {
      const kind = (optionalFlag(f, 'kind') ?? 'other') as (typeof DOCUMENT_KINDS)[number];
      if (!DOCUMENT_KINDS.includes(kind)) throw new CliError(`--kind: one of ${DOCUMENT_KINDS.join(', ')}`, { exitCode: 2 });
      const parties = (optionalFlag(f, 'parties') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const r = await ctx.command((o) => ctx.client.documents.upload({ name: optionalFlag(f, 'name') ?? a.file!, kind, content: read(a.file!).toString('base64'), partyMemberIds: parties }, o));
      ctx.done(r, `document ${r.document.id} stored encrypted`, [['sha256', r.document.sha256], ['sm3', r.document.sm3], ['readers', r.readers.join(', ')]]);
    },
  },
  list: {
    async run(ctx) {
      const items = await ctx.client.documents.list();
      ctx.print({ items }, () => table(['id', 'name', 'kind', 'bytes', 'sha256'], items.map((d) => [d.id, d.name, d.kind, String(d.size), d.sha256])));
    },
  },
  open: {
    args: ['documentId'],
    options: { 'private-key': { type: 'string' }, out: { type: 'string' } },
    async run(ctx, a, f) {
      const sealed = await ctx.client.documents.read(a.documentId!);
      const plaintext = openSealed(sealed, read(requiredFlag(f, 'private-key')).toString('utf8'));
      const out = requiredFlag(f, 'out');
      writeFileSync(out, plaintext);
      ctx.print({ document: sealed.document, out }, () => kv([['opened', sealed.document.name], ['written to', out], ['sha256 (matches the chain)', sealed.document.sha256]]));
    },
  },
  grant: {
    args: ['documentId', 'memberId'],
    options: { 'private-key': { type: 'string' } },
    async run(ctx, a, f) {
      const [sealed, grantee] = await Promise.all([ctx.client.documents.read(a.documentId!), ctx.client.documents.key(a.memberId!)]);
      const wrappedKey = rewrapKey(sealed.wrappedKey, read(requiredFlag(f, 'private-key')).toString('utf8'), grantee.publicKeyPem);
      const r = await ctx.command((o) => ctx.client.documents.grant(a.documentId!, { memberId: a.memberId!, wrappedKey }, o));
      ctx.done(r, `access to ${a.documentId} granted to ${a.memberId}`);
    },
  },
  revoke: {
    args: ['documentId', 'memberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.documents.revoke(a.documentId!, a.memberId!, o));
      ctx.done(r, `access to ${a.documentId} revoked from ${a.memberId}`);
    },
  },
  reads: {
    args: ['documentId'],
    async run(ctx, a) {
      const items = await ctx.client.documents.reads(a.documentId!);
      ctx.print({ items }, () => table(['at', 'member', 'user', 'allowed'], items.map((r) => [r.at, r.memberId, r.userId ?? '—', r.allowed ? 'yes' : 'no'])));
    },
  },
};

export const documentsCli = { documents };
