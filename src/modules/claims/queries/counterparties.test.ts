// The counterparties a member met in a claim tree, on each database backend: the answer of counterpartiesInTree(s)
// equals a plain walk over the movements (random trees, members and movements), and on PostgreSQL it is read from the
// tree's ids (claims_root, then claim_movements_claim), never by scanning the movements table: claim_movements carries
// no index on addresses (claims' migration 005), so what a member met in one tree costs that tree, not the table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../db/database.ts';
import { availableTestDatabases } from '../../../../test/support/databases.ts';
import { prng } from '../../../../test/support/prng.ts';
import { counterpartiesInTree, counterpartiesInTrees } from './ledger.ts';

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const MEMBERS = Array.from({ length: 8 }, (_, i) => address(0xa0 + i));

interface Movement {
  claim: number;
  root: number;
  from: string | null;
  to: string | null;
}

/** Roots 1..roots, each with `children` ids below it; movements between random members (an issue has no sender). */
async function insert(db: Database, roots: number, children: number, movements: Movement[]): Promise<void> {
  const claims = Array.from({ length: roots }, (_, r) => r + 1).flatMap((root) => [
    { id: root, root, depth: 0 },
    ...Array.from({ length: children }, (_, c) => ({ id: roots + (root - 1) * children + c + 1, root, depth: 1 })),
  ]);
  await db.query(
    `INSERT INTO claims (id, parent, root, depth, obligor, due_date, late_rate_bps, max_hops, day_count, kind, consortium_id, total_supply,
       defined_at, defined_block, defined_tx)
     SELECT d.id, CASE WHEN d.depth = 0 THEN NULL ELSE d.root END, d.root, d.depth, '0xc0', '2027-06-01T00:00:00Z', 0, 5, 'ACT/365F',
            'receivable', 'c', 1000, now(), 1, '0x'
       FROM unnest($1::text[], $2::text[], $3::int[]) AS d(id, root, depth)`,
    [claims.map((c) => id(c.id)), claims.map((c) => id(c.root)), claims.map((c) => c.depth)],
  );
  await db.query(
    `INSERT INTO claim_movements (block_number, log_index, tx_hash, claim_id, kind, from_address, to_address, amount, block_time)
     SELECT 1 + d.n / 100, d.n % 100, '0x' || d.n, d.claim_id, CASE WHEN d.from_address IS NULL THEN 'issue' ELSE 'transfer' END,
            d.from_address, d.to_address, 1, now()
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS d(n, claim_id, from_address, to_address)`,
    [movements.map((_, n) => n), movements.map((m) => id(m.claim)), movements.map((m) => m.from), movements.map((m) => m.to)],
  );
}

/** The model: the other party of every movement of the tree that `member` took part in. */
function expected(movements: Movement[], root: number, member: string): Set<string> {
  const out = new Set<string>();
  for (const m of movements) {
    if (m.root !== root || (m.from !== member && m.to !== member)) continue;
    const other = m.from === member ? m.to : m.from;
    if (other) out.add(other);
  }
  return out;
}

for (const backend of await availableTestDatabases()) {
  describe(`counterparties in a claim tree (${backend.name})`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db?.close();
    });

    test('what a member met in a tree, and in several trees at once, equals a walk over the movements', async () => {
      const random = prng(2026_12_03);
      const roots = 12;
      const children = 3;
      const movements: Movement[] = [];
      for (let n = 0; n < 600; n++) {
        const root = 1 + Math.floor(random() * roots);
        const child = Math.floor(random() * (children + 1));
        const claim = child === 0 ? root : roots + (root - 1) * children + child;
        const from = random() < 0.15 ? null : MEMBERS[Math.floor(random() * MEMBERS.length)]!;
        const to = MEMBERS[Math.floor(random() * MEMBERS.length)]!;
        movements.push({ claim, root, from, to });
      }
      await insert(db, roots, children, movements);
      for (const member of MEMBERS) {
        for (let root = 1; root <= roots; root++) {
          assert.deepEqual(new Set(await counterpartiesInTree(db, id(root), member)), expected(movements, root, member), `${member} in ${root}`);
        }
        const some = [1, 4, 7, 12].map(id);
        const all = await counterpartiesInTrees(db, some, member);
        for (const root of [1, 4, 7, 12]) assert.deepEqual(all.get(id(root)), expected(movements, root, member), `${member} in ${root} (several)`);
      }
      assert.deepEqual(await counterpartiesInTrees(db, [], MEMBERS[0]!), new Map());
    });

    if (backend.name === 'postgres') {
      test('read from the tree\'s ids, never by a scan of every movement', async () => {
        // 20,000 roots with 200,000 movements: one member takes part in most of them.
        await db.query('TRUNCATE claims, claim_movements');
        await db.query(
          `INSERT INTO claims (id, parent, root, depth, obligor, due_date, late_rate_bps, max_hops, day_count, kind, consortium_id, total_supply,
             defined_at, defined_block, defined_tx)
           SELECT '0x' || lpad(to_hex(g), 64, '0'), NULL, '0x' || lpad(to_hex(g), 64, '0'), 0, '0xc0', '2027-06-01T00:00:00Z', 0, 5, 'ACT/365F',
                  'receivable', 'c', 1000, now(), g, '0x'
             FROM generate_series(1, 20000) g`,
        );
        await db.query(
          `INSERT INTO claim_movements (block_number, log_index, tx_hash, claim_id, kind, from_address, to_address, amount, block_time)
           SELECT g / 100, g % 100, '0x' || g, '0x' || lpad(to_hex(1 + g % 20000), 64, '0'), 'transfer',
                  CASE WHEN g % 4 = 0 THEN $2 ELSE $1 END, (ARRAY[$2, $3, $4])[1 + g % 3], 1, now()
             FROM generate_series(1, 200000) g`,
          MEMBERS.slice(0, 4),
        );
        await db.query('ANALYZE claims');
        await db.query('ANALYZE claim_movements');
        const statements: Array<{ sql: string; params: unknown[] }> = [];
        const recording = {
          query: (sql: string, params?: unknown[]) => {
            statements.push({ sql, params: params ?? [] });
            return db.query(sql, params);
          },
        } as unknown as Database;
        await counterpartiesInTree(recording, id(77), MEMBERS[0]!);
        await counterpartiesInTrees(recording, [id(5), id(500), id(5000)], MEMBERS[0]!);
        assert.equal(statements.length, 2);
        for (const s of statements) {
          const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params);
          const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
          assert.match(plan, /claim_movements_claim/, plan);
          assert.doesNotMatch(plan, /Seq Scan on claim_movements/, plan);
        }
      });
    }
  });
}
