/**
 * The API frame (createApiServer): servers made for one test, to close one while a client still streams and to
 * serve without a console. The example routes and keys are in server.fixture.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { errorOf, makeApp, newRecorded, SUPPLIER } from './server.fixture.ts';

describe('shutdown', () => {
  test('close() ends open event streams instead of waiting for clients', async () => {
    const recorded = newRecorded();
    const app = await makeApp(recorded);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/events', headers: SUPPLIER });
      req.on('error', reject);
      req.on('response', (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.end();
    });
    while (recorded.sseSenders.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await app.close();
    await ended;
    assert.ok(Date.now() - started < 2000);
    assert.equal(recorded.sseUnsubscribed, 1);
  });

  test('without staticDir, / is a JSON 404', async () => {
    const app = await makeApp(newRecorded());
    try {
      const res = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404);
      assert.equal(errorOf(res).code, 'route_not_found');
    } finally {
      await app.close();
    }
  });
});
