// The bench's load generator for the API throughput: runs in a worker thread so the HTTP client's CPU is not
// taken from the platform's event loop (they share one process). Plain JavaScript: a worker does not inherit the
// main thread's TypeScript loader.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ baseUrl: string; concurrency: number; holders: Array<{ key: string; claimId: string; transfers: Array<{ toMemberId: string; amount: string }> }> }} */
const { baseUrl, concurrency, holders } = workerData;

async function post(key, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `bench-split-${randomUUID()}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

try {
  const idsByHolder = await Promise.all(
    holders.map(async (h) => {
      const jobs = [...h.transfers];
      const ids = [];
      const worker = async () => {
        for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
          const body = await post(h.key, `/v1/claims/${h.claimId}/transfers`, job);
          ids.push(...body.commands.map((c) => c.id));
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return ids;
    }),
  );
  parentPort.postMessage({ ok: true, idsByHolder });
} catch (error) {
  parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
}
