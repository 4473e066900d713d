// The claim list, newest first and paged by a keyset cursor, on each database backend: every filter walked page by
// page gives exactly the ids a plain sort of the matching rows gives (random claims, holders, blocks shared by several
// ids, random page sizes), and on PostgreSQL a page is read in index order from the cursor, never by sorting all the
// claims its filter matches: the cost of a page follows the page, not the claims behind it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../db/database.ts';
import { availableTestDatabases } from '../../../../test/support/databases.ts';
import { prng } from '../../../../test/support/prng.ts';
import { listClaimRows } from './ledger.ts';

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const OBLIGORS = [address(0xc0), address(0xc1), address(0xc2)];
const HOLDERS = Array.from({ length: 6 }, (_, i) => address(0xa0 + i));


interface Row {
  id: string;
  obligor: string;
  block: number;
  /** holder → balance */
  held: Map<string, bigint>;
}

/** Claims and holdings as the indexer writes them (claim_block = the claim's defined_block), in one statement each. */
async function insert(db: Database, rows: Row[]): Promise<void> {
  await db.query(
    `INSERT INTO claims (id, parent, root, depth, obligor, due_date, late_rate_bps, max_hops, day_count, kind, consortium_id, total_supply,
       defined_at, defined_block, defined_tx)
     SELECT d.id, NULL, d.id, 0, d.obligor, '2027-06-01T00:00:00Z', 0, 5, 'ACT/365F', 'receivable', 'c', 1000, now(), d.block, '0x'
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS d(id, obligor, block)`,
    [rows.map((r) => r.id), rows.map((r) => r.obligor), rows.map((r) => r.block)],
  );
  const holdings = rows.flatMap((r) => [...r.held].map(([holder, balance]) => ({ r, holder, balance })));
  await db.query(
    `INSERT INTO claim_holdings (claim_id, holder, balance, hops, redeemed, updated_at, updated_block, claim_block)
     SELECT d.claim_id, d.holder, d.balance, 1, 0, now(), d.block, d.block
       FROM unnest($1::text[], $2::text[], $3::numeric[], $4::bigint[]) AS d(claim_id, holder, balance, block)`,
    [holdings.map((h) => h.r.id), holdings.map((h) => h.holder), holdings.map((h) => h.balance.toString()), holdings.map((h) => h.r.block)],
  );
}

/** Every page of a filter, walked by its cursor: the ids in order, and how many pages. */
async function walk(db: Database, filter: { holder?: string; obligor?: string }, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await listClaimRows(db, { ...filter, holdingOf: filter.holder ?? HOLDERS[0]!, limit, cursor });
    ids.push(...page.rows.map((r) => r.id));
    assert.ok(page.rows.length <= limit);
    if (page.nextCursor === null) return { ids, pages };
    assert.equal(page.rows.length, limit, 'only the last page is short');
    cursor = page.nextCursor;
  }
}

/** The model: matching ids, newest first (block, then id, descending). */
function expected(rows: Row[], filter: { holder?: string; obligor?: string }): string[] {
  return rows
    .filter((r) => (filter.obligor === undefined || r.obligor === filter.obligor) && (filter.holder === undefined || (r.held.get(filter.holder) ?? 0n) > 0n))
    .sort((a, b) => b.block - a.block || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

for (const backend of await availableTestDatabases()) {
  describe(`claim list, newest first, on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => db?.close());

    test('every filter walked page by page gives the ids of a plain sort, once each (random claims and holdings)', async () => {
      const seed = Number(process.env.TIERCHAIN_TEST_SEED ?? 20261203);
      const rnd = prng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const rows: Row[] = [];
      for (let n = 1; n <= 400; n++) {
        const held = new Map<string, bigint>();
        // Holdings at balance 0 stay in the table (a holder that has held): the holder filter leaves them out.
        for (const h of HOLDERS) if (rnd() < 0.3) held.set(h, rnd() < 0.2 ? 0n : BigInt(1 + Math.floor(rnd() * 1000)));
        // Several ids per block, in no particular id order: the id breaks the tie.
        rows.push({ id: id(Math.floor(rnd() * 2 ** 48)), obligor: pick(OBLIGORS), block: 1 + Math.floor(rnd() * 120), held });
      }
      const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
      await insert(db, unique);
      const filters = [{}, ...OBLIGORS.map((obligor) => ({ obligor })), ...HOLDERS.map((holder) => ({ holder })), { holder: HOLDERS[1], obligor: OBLIGORS[2] }];
      for (const filter of filters) {
        const limit = 1 + Math.floor(rnd() * 40);
        const { ids, pages } = await walk(db, filter, limit);
        const want = expected(unique, filter);
        assert.deepEqual(ids, want, `seed ${seed}, filter ${JSON.stringify(filter)}, limit ${limit}`);
        assert.equal(pages, Math.max(1, Math.ceil(want.length / limit)), 'a full last page says there is no next one');
      }
      // A page of one holder carries that holder's holding.
      const holder = HOLDERS[2]!;
      const page = await listClaimRows(db, { holder, holdingOf: holder, limit: 5 });
      for (const r of page.rows) {
        const row = unique.find((u) => u.id === r.id)!;
        assert.equal(r.holding?.balance, row.held.get(holder)!.toString());
      }
    });

    if (backend.name === 'postgres') {
      test('a page is read in index order from its cursor: no sort of everything the filter matches', async () => {
        // 30,000 claims: one obligor owes one in fifty, the two others the rest; each holder holds a tenth of them.
        await db.query('TRUNCATE claims, claim_holdings');
        await db.query(
          `INSERT INTO claims (id, parent, root, depth, obligor, due_date, late_rate_bps, max_hops, day_count, kind, consortium_id, total_supply,
             defined_at, defined_block, defined_tx)
           SELECT '0x' || lpad(to_hex(g), 64, '0'), NULL, '0x' || lpad(to_hex(g), 64, '0'), 0,
                  CASE WHEN g % 50 = 0 THEN $2 WHEN g % 2 = 0 THEN $1 ELSE $3 END, '2027-06-01T00:00:00Z', 0, 5, 'ACT/365F', 'receivable', 'c', 1000, now(), g / 4, '0x'
             FROM generate_series(1, 30000) g`,
          OBLIGORS,
        );
        await db.query(
          `INSERT INTO claim_holdings (claim_id, holder, balance, hops, redeemed, updated_at, updated_block, claim_block)
           SELECT c.id, (ARRAY[${HOLDERS.map((_, i) => `$${i + 1}`).join(', ')}])[1 + (c.defined_block % ${HOLDERS.length})], 10, 1, 0, now(), c.defined_block, c.defined_block
             FROM claims c WHERE c.defined_block % 10 < ${HOLDERS.length}`,
          HOLDERS,
        );
        await db.query('ANALYZE claims');
        await db.query('ANALYZE claim_holdings');
        // The statements the list itself runs, for a second page (from a cursor) of each filter, explained.
        const cases: Array<{ name: string; filter: { holder?: string; obligor?: string }; index: string }> = [
          { name: 'every claim', filter: {}, index: 'claims_newest' },
          { name: 'an obligor that owes few of them', filter: { obligor: OBLIGORS[1] }, index: 'claims_obligor_newest' },
          { name: 'one holder', filter: { holder: HOLDERS[0] }, index: 'claim_holdings_held_newest' },
        ];
        for (const c of cases) {
          const first = await listClaimRows(db, { ...c.filter, holdingOf: HOLDERS[0]!, limit: 50 });
          let ran: { sql: string; params: unknown[] } | undefined;
          const recording = {
            query: (sql: string, params?: unknown[]) => {
              ran = { sql, params: params ?? [] };
              return db.query(sql, params);
            },
          } as unknown as Database;
          const second = await listClaimRows(recording, { ...c.filter, holdingOf: HOLDERS[0]!, limit: 50, cursor: first.nextCursor! });
          assert.equal(second.rows.length, 50);
          const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${ran!.sql}`, ran!.params);
          const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
          assert.match(plan, new RegExp(`Index (Only )?Scan Backward using ${c.index}`), `${c.name}:\n${plan}`);
          assert.doesNotMatch(plan, /\bSort\b/, `${c.name}:\n${plan}`);
        }
      });
    }
  });
}
