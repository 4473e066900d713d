/**
 * The API half of the authorization matrix (test/authorization.test.ts): every write operation sent as every user of
 * every enterprise, and what disagrees with the table.
 */
import type { AuthorizationFixture, PrincipalRole, UserRole } from './authorization.ts';
import type { TestPlatform } from './platform.ts';
import { newKey } from './e2e.ts';
import { principalRoles, userRoles } from './authorization.ts';

/** A row of the table: whom the API lets do it, and the request `w` sends. */
export interface MatrixRow {
  allowed: (w: { role: PrincipalRole; user: UserRole }) => boolean;
  request: (f: AuthorizationFixture, w: { role: PrincipalRole; user: UserRole }, n: number) => { path: string; body?: unknown };
}

export const is2xx = (status: number) => status >= 200 && status < 300;

export interface MatrixRun {
  requests: number;
  mismatches: string[];
  /** The statuses allowed callers were answered, by operation. */
  allowedAnswers: Map<string, number[]>;
}

/**
 * Sends every operation as every user of every enterprise; collects what disagrees with the table. The requests the
 * table refuses change nothing when they are refused, so they go first, eight at a time, while the fixture is as it was
 * built; the allowed ones follow one at a time in the table's order (each may change what the next one finds).
 */
export async function runMatrix(t: TestPlatform, f: AuthorizationFixture, operations: Record<string, MatrixRow>, writeOperations: string[]): Promise<MatrixRun> {
  const run: MatrixRun = { requests: 0, mismatches: [], allowedAnswers: new Map() };
  const cases: Array<{ op: string; method: string; who: { role: PrincipalRole; user: UserRole }; allowed: boolean; path: string; body?: unknown }> = [];
  for (const op of writeOperations) {
    const row = operations[op]!;
    const method = op.split(' ')[0]!;
    for (const role of principalRoles) {
      for (const user of userRoles) {
        const who = { role, user };
        const { path, body } = row.request(f, who, ++run.requests);
        cases.push({ op, method, who, allowed: row.allowed(who), path, body });
      }
    }
  }
  const check = async (c: (typeof cases)[number]) => {
    const { op, method, who, allowed, path, body } = c;
    const r = await t.api(method, path, { key: f.by[who.role].keys[who.user], body, idempotencyKey: newKey('authz') });
    const label = `${op} by ${who.role}/${who.user}: ${r.status} ${JSON.stringify(r.body?.error ?? '')}`;
    if (r.status === 401 || r.status >= 500) run.mismatches.push(`${label} (neither allowed nor refused)`);
    else if (allowed && r.status === 403) run.mismatches.push(`${label} (expected allowed)`);
    else if (!allowed && r.status !== 403) run.mismatches.push(`${label} (expected 403)`);
    else if (!allowed && !(typeof r.body?.error?.code === 'string' && /^([a-z_]+|[A-Z][A-Za-z]+)$/.test(r.body.error.code) && r.body.error.message)) {
      run.mismatches.push(`${label} (a refusal needs a code and a message)`);
    }
    if (allowed) run.allowedAnswers.set(op, [...(run.allowedAnswers.get(op) ?? []), r.status]);
  };
  const refused = cases.filter((c) => !c.allowed);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < refused.length) await check(refused[next++]!);
    }),
  );
  for (const c of cases) if (c.allowed) await check(c);
  return run;
}
