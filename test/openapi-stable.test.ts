/**
 * /openapi.json keeps the operations it had before the code was split into modules (test/fixtures/openapi-operations.json,
 * taken from the document of commit e872241): a move of code must not move, drop or add a path by accident. A new
 * operation is added to the fixture on purpose.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createApiServer } from '../src/api/server.ts';
import type { ModuleContext } from '../src/platform/context.ts';
import { platformRoutes } from '../src/platform/modules.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/openapi-operations.json', import.meta.url), 'utf8')) as { operations: string[] };

test('/openapi.json has exactly the operations of before the split into modules', async () => {
  // The routes touch their context only when a request arrives: the document needs none.
  const app = await createApiServer({
    authenticate: async () => null,
    checkReady: async () => ({ ready: true, checks: {} }),
    routes: platformRoutes({} as ModuleContext),
    info: { title: 'Tierchain API', version: 'test' },
  });
  try {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    assert.deepEqual([...operations].sort(), [...fixture.operations].sort());
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId).filter(Boolean));
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    console.log(`openapi: ${operations.length} operations, the same as before the split into modules`);
  } finally {
    await app.close();
  }
});
