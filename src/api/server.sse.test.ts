/**
 * The API frame (createApiServer): server-sent events.
 * The example routes and keys are in server.fixture.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { formatEvent } from './index.ts';
import { consoleSite, errorOf, makeApp, newRecorded, OPEN_ID, SUPPLIER, type ConsoleSite } from './server.fixture.ts';

describe('api server', () => {
  let app: FastifyInstance;
  const recorded = newRecorded();
  let site: ConsoleSite;

  before(async () => {
    site = await consoleSite();
    app = await makeApp(recorded, site.path);
  });

  after(async () => {
    await app.close();
    await site.remove();
  });

  describe('server-sent events', () => {
    test('formatEvent writes id/event/data frames', () => {
      assert.equal(formatEvent({ id: '7', type: 'x.y', data: { a: 1n, s: 'a\nb' } }), 'id: 7\nevent: x.y\ndata: {"a":"1","s":"a\\nb"}\n\n');
      assert.throws(() => formatEvent({ id: 'a\nb', type: 't', data: null }), TypeError);
      assert.throws(() => formatEvent({ id: '1', type: 'a\rb', data: null }), TypeError);
    });

    test('streams frames and heartbeats, passes Last-Event-ID, unsubscribes on close', async () => {
      if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const before = recorded.sseUnsubscribed;

      const { res, text } = await new Promise<{ res: IncomingMessage; text: string }>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          path: '/v1/events',
          headers: { ...SUPPLIER, accept: 'text/event-stream', 'last-event-id': '41' },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('event: invoice.paid') && text.includes(': heartbeat')) {
              resolve({ res, text });
              req.destroy();
            }
          });
        });
        req.end();
      });

      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache, no-transform');
      assert.ok(res.headers['x-request-id']);
      assert.ok(text.startsWith('retry: 3000\n'));
      assert.ok(
        text.includes(
          `id: 42\nevent: invoice.created\ndata: {"id":"${OPEN_ID}","amount":"125000","note":"two\\nlines"}\n\nid: 43\nevent: invoice.paid\ndata: {"id":"${OPEN_ID}"}\n\n`,
        ),
        text,
      );
      assert.ok(text.includes(': heartbeat\n\n'));
      assert.equal(recorded.sseLastEventIds.at(-1), '41');

      const deadline = Date.now() + 2000;
      while (recorded.sseUnsubscribed === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(recorded.sseUnsubscribed, before + 1, 'unsubscribed after the client left');
      // Sending after close is a no-op.
      recorded.sseSenders.at(-1)?.({ id: '44', type: 'late', data: null });
    });

    test('stream requires auth and rejects a malformed Last-Event-ID before streaming', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/v1/events' });
      assert.equal(anonymous.statusCode, 401);
      const bad = await app.inject({ method: 'GET', url: '/v1/events', headers: { ...SUPPLIER, 'last-event-id': 'x'.repeat(300) } });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad).details.field, 'Last-Event-ID');
    });
  });
});
