/**
 * Certificate authorities made inside a test with the `openssl` tool (OpenSSL 3): a root per algorithm (ECDSA P-256
 * with SHA-256, or SM2 with SM3 signing with the GM/T 0009 default distinguishing id), certificates it issues for
 * any validity window, revocation, and its CRL. Each CA lives in its own temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyAlgorithm = 'p256' | 'sm2';

export interface TestCa {
  name: string;
  algorithm: KeyAlgorithm;
  dir: string;
  certPem: string;
  keyPath: string;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  path: string;
}

function openssl(args: string[], cwd: string): string {
  try {
    return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    throw new Error(`openssl ${args.join(' ')}: ${(e as { stderr?: Buffer }).stderr?.toString() ?? e}`);
  }
}
const signing = (a: KeyAlgorithm) => (a === 'sm2' ? ['-md', 'sm3', '-sigopt', 'distid:1234567812345678'] : ['-md', 'sha256']);
const requestSigning = (a: KeyAlgorithm) => (a === 'sm2' ? ['-sm3', '-sigopt', 'distid:1234567812345678'] : ['-sha256']);
const newKey = (a: KeyAlgorithm, out: string, cwd: string) =>
  openssl(a === 'sm2' ? ['genpkey', '-algorithm', 'SM2', '-out', out] : ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out], cwd);
/** openssl's date form (YYYYMMDDHHMMSSZ). */
const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}/, '');

const config = (dir: string) => `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
policy = any
unique_subject = no
default_crl_days = 30
copy_extensions = none
[ any ]
commonName = supplied
serialNumber = optional
organizationName = optional
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
[ intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
`;

function prepare(dir: string) {
  openssl(['version'], dir);
  execFileSync('mkdir', ['-p', join(dir, 'issued')]);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
  writeFileSync(join(dir, 'crlnumber'), '01\n');
  writeFileSync(join(dir, 'ca.cnf'), config(dir));
}

/** A self-signed root CA valid for ten years. */
export function createCa(name: string, algorithm: KeyAlgorithm): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'tierchain-ca-'));
  prepare(dir);
  newKey(algorithm, 'ca.key', dir);
  openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-subj', `/CN=${name}/O=Tierchain Test PKI`, '-days', '3650', ...requestSigning(algorithm),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.crt'],
    dir,
  );
  return { name, algorithm, dir, certPem: readFileSync(join(dir, 'ca.crt'), 'utf8'), keyPath: join(dir, 'ca.key') };
}

let issued = 0;
/** A certificate issued by `ca` (a member's by default; an intermediate CA with `intermediate: true`). */
export function issue(
  ca: TestCa,
  p: { commonName: string; serialNumber?: string; algorithm?: KeyAlgorithm; notBefore?: Date; notAfter?: Date; intermediate?: boolean },
): IssuedCertificate & { ca?: TestCa } {
  const algorithm = p.algorithm ?? ca.algorithm;
  const n = issued++;
  const key = `leaf-${n}.key`;
  newKey(algorithm, key, ca.dir);
  const subject = `/CN=${p.commonName}${p.serialNumber ? `/serialNumber=${p.serialNumber}` : ''}`;
  openssl(['req', '-new', '-key', key, '-subj', subject, ...requestSigning(algorithm), '-out', `leaf-${n}.csr`], ca.dir);
  const notBefore = p.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = p.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  openssl(
    ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `leaf-${n}.csr`, '-out', `leaf-${n}.crt`, '-notext',
      '-startdate', stamp(notBefore), '-enddate', stamp(notAfter), '-extensions', p.intermediate ? 'intermediate' : 'leaf', ...signing(ca.algorithm),
      ...(algorithm === 'sm2' ? ['-vfyopt', 'distid:1234567812345678'] : [])],
    ca.dir,
  );
  const result = { certPem: readFileSync(join(ca.dir, `leaf-${n}.crt`), 'utf8'), keyPem: readFileSync(join(ca.dir, key), 'utf8'), path: join(ca.dir, `leaf-${n}.crt`) };
  if (!p.intermediate) return result;
  // An intermediate gets a CA directory of its own, to issue and keep a CRL.
  const dir = mkdtempSync(join(tmpdir(), 'tierchain-ca-'));
  prepare(dir);
  writeFileSync(join(dir, 'ca.crt'), result.certPem);
  writeFileSync(join(dir, 'ca.key'), result.keyPem);
  return { ...result, ca: { name: p.commonName, algorithm, dir, certPem: result.certPem, keyPath: join(dir, 'ca.key') } };
}

export function revoke(ca: TestCa, cert: IssuedCertificate) {
  openssl(['ca', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-revoke', cert.path, ...signing(ca.algorithm)], ca.dir);
}

/** The CA's current CRL (PEM), valid for 30 days. */
export function crl(ca: TestCa): string {
  openssl(['ca', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-gencrl', '-out', 'ca.crl', ...signing(ca.algorithm)], ca.dir);
  return readFileSync(join(ca.dir, 'ca.crl'), 'utf8');
}
