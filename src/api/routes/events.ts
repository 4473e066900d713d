import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import type { TransactionManager } from '../../ledger/transactionManager.ts';
import { STORED_EVENT, type ChainEvent } from '../../indexer/projections.ts';
import { getCommands } from '../../ledger/commands.ts';
import { requirePrincipal, type Principal } from '../auth.ts';
import { streamEvents, type SseEvent } from '../sse.ts';

/** What the engines' own routes read: the outbox, the indexer and the transaction manager's notices. */
export interface EngineRouteContext {
  db: Database;
  indexer: Indexer;
  txManager: TransactionManager;
}

const REPLAY_LIMIT = 1000;

/** `block:logIndex` of an event: the SSE id a reconnecting client sends back as Last-Event-ID. */
const eventId = (e: { blockNumber: bigint | string; logIndex: number }) => `${e.blockNumber}:${e.logIndex}`;

function toSse(e: ChainEvent): SseEvent {
  return {
    id: eventId(e),
    type: 'chain.event',
    data: { contract: e.contract, event: e.eventName, args: e.args, blockNumber: e.blockNumber.toString(), logIndex: e.logIndex, txHash: e.txHash, at: e.blockTime.toISOString() },
  };
}

/** An enterprise sees the events that name its address; the operator and the regulator see all. */
function visibleTo(by: Principal) {
  if (by.isOperator || by.memberRoles.includes('regulator')) return () => true;
  return (e: { args: Record<string, unknown> }) => Object.values(e.args).some((v) => v === by.memberAddress);
}

export function eventRoutes(ctx: EngineRouteContext) {
  return (app: FastifyInstance) => {
    app.get(
      '/v1/events',
      {
        schema: {
          tags: ['events'],
          summary:
            'Server-Sent Events: every indexed contract event you may see (`chain.event`, id `block:logIndex`), command status changes (`command`), and reorgs (`chain.reorg`). Send Last-Event-ID to resume.',
        },
      },
      (request, reply) => {
        const by = requirePrincipal(request);
        const visible = visibleTo(by);
        return streamEvents(request, reply, (send, { lastEventId, signal }) => {
          const pending: SseEvent[] = [];
          let replaying = true;
          const deliver = (e: SseEvent) => (replaying ? pending.push(e) : send(e));
          const offIndexer = ctx.indexer.subscribe((notice) => {
            if (notice.type === 'reorg') {
              deliver({ id: `reorg:${notice.forkBlock}`, type: 'chain.reorg', data: { forkBlock: notice.forkBlock.toString(), removedEvents: notice.removedEvents } });
              return;
            }
            for (const e of notice.events) if (visible(e)) deliver(toSse(e));
          });
          const offCommands = ctx.txManager.onChange((ids) => {
            void getCommands(ctx.db, ids).then((commands) => {
              for (const c of commands) {
                if (!by.isOperator && c.signer !== by.memberAddress) continue;
                deliver({ id: `command:${c.id}:${c.status}`, type: 'command', data: c });
              }
            });
          });
          void (async () => {
            const match = /^(\d+):(\d+)$/.exec(lastEventId ?? '');
            if (match) {
              const { rows } = await ctx.db.query<{ block_number: string; log_index: number; tx_hash: string; contract: string; event_name: string; args: Record<string, string>; block_time: Date; block_hash: string; address: string }>(
                `SELECT ${STORED_EVENT} FROM chain_events WHERE (block_number, log_index) > ($1::bigint, $2::int) ORDER BY block_number, log_index LIMIT ${REPLAY_LIMIT}`,
                [match[1], Number(match[2])],
              );
              for (const r of rows) {
                const e: ChainEvent = { blockNumber: BigInt(r.block_number), logIndex: r.log_index, blockHash: r.block_hash, txHash: r.tx_hash, contract: r.contract, address: r.address, eventName: r.event_name, args: r.args, blockTime: r.block_time };
                if (visible(e) && !signal.aborted) send(toSse(e));
              }
            }
            replaying = false;
            const seen = new Set<string>();
            for (const e of pending.splice(0)) if (!seen.has(e.id)) (seen.add(e.id), send(e));
          })().catch(() => {
            replaying = false;
          });
          return () => {
            offIndexer();
            offCommands();
          };
        });
      },
    );
  };
}
