/** `tierchain commands show|wait|list`: a command's status, waiting for it, your recent commands. */
import type { Command, CommandStatus } from '../../sdk/index.ts';
import { CliError } from '../errors.ts';
import { createProgressPrinter } from '../progress.ts';
import type { Resource } from './context.ts';
import { commandLines, kv, table } from './format.ts';
import { integerValue, optionalFlag } from './values.ts';

const commandBlock = (c: Command) =>
  kv([
    ['command', c.id], ['kind', c.kind], ['status', c.status], ['signer', c.signer], ['call', c.functionName ? `${c.contract}.${c.functionName}` : null],
    ['tx', c.txHash], ['block', c.blockNumber], ['gas used', c.gasUsed], ['error', c.error ? `${c.error.code}: ${c.error.message}` : undefined],
    ['created', c.createdAt], ['finished', c.finishedAt],
  ]);

export const commands: Resource = {
  show: {
    args: ['commandId'],
    async run(ctx, a) {
      const c = await ctx.client.commands.get(a.commandId!);
      ctx.print(c, () => commandBlock(c));
    },
  },
  wait: {
    args: ['commandId'],
    async run(ctx, a, f) {
      const printer = createProgressPrinter({ write: (line) => process.stderr.write(line) });
      const timeoutMs = typeof f.timeout === 'string' ? integerValue('--timeout', f.timeout, { min: 1 }) * 1000 : 120_000;
      const c = await ctx.client.commands.wait(a.commandId!, {
        timeoutMs,
        onProgress: ctx.json ? undefined : ({ command }) => printer.step(command.status, `${command.kind}  ${command.id}${command.txHash ? `  tx ${command.txHash}` : ''}`),
      });
      ctx.print(c, () => commandLines([c]));
      if (c.status === 'failed') throw new CliError(`command ${c.kind} failed: ${c.error?.code ?? 'failed'}: ${c.error?.message ?? ''}`);
    },
  },
  list: {
    options: { status: { type: 'string' }, limit: { type: 'string' } },
    async run(ctx, _a, f) {
      const limit = f.limit === undefined ? undefined : integerValue('--limit', String(f.limit), { min: 1, max: 500 });
      const page = await ctx.client.commands.list({ status: optionalFlag(f, 'status') as CommandStatus | undefined, limit });
      ctx.print(page, () => table(['command', 'kind', 'status', 'created', 'error'], page.items.map((c) => [c.id, c.kind, c.status, c.createdAt, c.error?.code ?? ''])));
    },
  },
};
