/** `tierchain certificates …` and `tierchain documents sign`: PKI onboarding, CRLs, signing a document locally. */
import { readFileSync } from 'node:fs';
import { CliError } from '../../cli/errors.ts';
import type { Resource } from '../../cli/ops/context.ts';
import { kv, table } from '../../cli/ops/format.ts';
import { optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, { exitCode: 2 });
  }
}

export const certificates: Resource = {
  'add-authority': {
    args: ['pemFile'],
    async run(ctx, a) {
      const r = await ctx.client.certificates.addAuthority(read(a.pemFile!).toString('utf8'));
      ctx.print(r, () => kv([['authority', r.subject.replace(/\n/g, ', ')], ['algorithm', r.algorithm], ['sha256', r.sha256], ['not after', r.notAfter]]));
    },
  },
  authorities: {
    async run(ctx) {
      const items = await ctx.client.certificates.authorities();
      ctx.print({ items }, () => table(['subject', 'algorithm', 'not after', 'sha256'], items.map((c) => [c.subject.replace(/\n/g, ', '), c.algorithm, c.notAfter, c.sha256])));
    },
  },
  crl: {
    args: ['crlFile'],
    options: { issuer: { type: 'string' } },
    async run(ctx, a, f) {
      const issuer = optionalFlag(f, 'issuer');
      const r = await ctx.command((o) => ctx.client.certificates.loadCrl({ pem: read(a.crlFile!).toString('utf8'), issuerPem: issuer ? read(issuer).toString('utf8') : undefined }, o));
      ctx.done(r, `CRL of ${r.issuer.replace(/\n/g, ', ')} loaded: ${r.revokedSerials} revoked serials`, [['members revoked', r.revokedMembers.map((m) => m.memberId).join(', ') || null]]);
    },
  },
  set: {
    args: ['memberId', 'certFile'],
    options: { chain: { type: 'string' } },
    async run(ctx, a, f) {
      const chain = optionalFlag(f, 'chain');
      const r = await ctx.command((o) =>
        ctx.client.certificates.setCertificate(a.memberId!, { certificatePem: read(a.certFile!).toString('utf8'), chainPem: chain ? read(chain).toString('utf8') : undefined }, o),
      );
      ctx.done(r, `certificate recorded for ${a.memberId}`, [['sha256', r.certificate.sha256], ['sm3', r.certificate.sm3], ['algorithm', r.certificate.algorithm], ['not after', r.certificate.notAfter]]);
    },
  },
  show: {
    args: ['memberId'],
    async run(ctx, a) {
      const c = await ctx.client.certificates.certificate(a.memberId!);
      if (!c) return ctx.print(c, () => 'no certificate yet');
      ctx.print(c, () =>
        kv([['subject', c.subject.replace(/\n/g, ', ')], ['issuer', c.issuer.replace(/\n/g, ', ')], ['algorithm', c.algorithm], ['valid', `${c.notBefore} – ${c.notAfter}`], ['sha256', c.sha256], ['sm3', c.sm3], ['on-chain', c.recorded ? (c.revoked ? 'revoked' : 'recorded') : 'not yet']]),
      );
    },
  },
};

export const documents: Resource = {
  sign: {
    args: ['file'],
    options: { 'private-key': { type: 'string' } },
    async run(ctx, a, f) {
      const document = read(a.file!);
      // Loaded here: its ASN.1 and SM2 libraries serve this action alone (every command loads cli.ts).
      const { digests, signDocument } = await import('./x509.ts');
      // The member's private key stays here: only the signature is sent.
      const { algorithm, signature } = signDocument(document, read(requiredFlag(f, 'private-key')).toString('utf8'));
      const r = await ctx.client.certificates.recordSignature({ document: document.toString('base64'), signature: Buffer.from(signature).toString('base64') });
      const d = digests(document);
      ctx.print(r, () => kv([['signed', a.file!], ['algorithm', algorithm], ['sha256', d.sha256], ['sm3', d.sm3], ['certificate', r.certificateSha256]]));
    },
  },
  signatures: {
    args: ['sha256'],
    async run(ctx, a) {
      const items = await ctx.client.certificates.signatures({ documentSha256: a.sha256 });
      ctx.print({ items }, () => table(['at', 'member', 'algorithm', 'certificate'], items.map((s) => [s.at, s.memberId, s.algorithm, s.certificateSha256])));
    },
  },
};

export const certificatesCli = { certificates, documents };
