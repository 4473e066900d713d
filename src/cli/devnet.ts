import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isAddress, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { loadConfig } from '../config.ts';
import { DEVNET_PERIOD, cliqueConfirmations, startDevnet, type Devnet } from '../chain/devnet.ts';
import { findGeth } from '../chain/geth.ts';
import { ensurePrivateDir } from '../common/privateFiles.ts';
import { lockDataDir } from './dataDirLock.ts';
import { CliError } from './errors.ts';
import { operatorKeyAddress } from './describe.ts';
import { createProgressPrinter } from './progress.ts';

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

/** The first node's JSON-RPC port by default: beside the embedded anvil's 8545, clear of it. */
const DEFAULT_RPC_PORT = 8645;

/**
 * `tierchain devnet`: a local consortium network of geth v1.13.15 Clique signers under `<data dir>/devnet`, for
 * running the platform against real multi-node consensus (TIERCHAIN_RPC_URL with every node). Runs until Ctrl-C.
 * The account that deploys and pays for gas is funded in the genesis: TIERCHAIN_OPERATOR_KEY's, or a key the devnet
 * makes (`devnet/operator.key`), and `--fund` adds others.
 */
export async function devnetCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      signers: { type: 'string' },
      'chain-id': { type: 'string' },
      port: { type: 'string' },
      fund: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const signers = values.signers === undefined ? undefined : positiveInt(values.signers, '--signers');
  const chainId = values['chain-id'] === undefined ? undefined : positiveInt(values['chain-id'], '--chain-id');
  const rpcPort = values.port === undefined ? DEFAULT_RPC_PORT : port(values.port);
  const extra = (values.fund ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  for (const a of extra) if (!isAddress(a, { strict: false })) throw new CliError(`--fund: "${a}" is not an address`, { exitCode: 2 });

  const config = loadConfig(env);
  const dir = join(config.dataDir, 'devnet');
  const geth = findGeth(env);
  ensurePrivateDir(dir);
  const lock = lockDataDir(dir);
  const operator = operatorAccount(dir, env);

  let signalled: (() => void) | undefined;
  const stopRequested = new Promise<void>((resolve) => (signalled = resolve));
  let signals = 0;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      err(`\n${signal} again: exiting without waiting for the nodes (they get SIGTERM)\n`);
      process.exit(130);
    }
    stopping = true;
    err(`\n${signal}: stopping the nodes (press Ctrl-C again to exit at once)\n`);
    signalled!();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = createProgressPrinter({ write: err });
  let devnet: Devnet | undefined;
  try {
    devnet = await startDevnet({
      dir,
      geth,
      signers,
      chainId,
      fund: [operator.address, ...(extra as Address[])],
      rpcPort,
      onProgress: (detail) => progress.step('devnet', detail),
      onNodeExit: (n) => {
        if (!stopping) err(`node ${n.index} exited by itself (code ${n.code}, signal ${n.signal}); see ${n.logFile}\n`);
      },
    });
    progress.step('ready', `in ${progress.elapsed()}`);
    if (stopping) return 0;
    out(values.json ? JSON.stringify(summary(devnet, operator)) + '\n' : banner(devnet, operator, config.dataDir, env));
    await stopRequested;
    return 0;
  } finally {
    if (devnet) {
      await devnet.stop();
      progress.step('stopped', `chain kept in ${dir}`);
    }
    lock.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

interface OperatorAccount {
  address: Address;
  /** The file of a key the devnet made; undefined when it is TIERCHAIN_OPERATOR_KEY's. */
  keyFile?: string;
}

/** TIERCHAIN_OPERATOR_KEY's account, else the devnet's own key (made on the first start, kept 0600). */
function operatorAccount(dir: string, env: NodeJS.ProcessEnv): OperatorAccount {
  const fromEnv = operatorKeyAddress(env);
  if (fromEnv) return { address: fromEnv };
  const keyFile = join(dir, 'operator.key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, `${generatePrivateKey()}\n`, { mode: 0o600 });
  return { address: privateKeyToAccount(readFileSync(keyFile, 'utf8').trim() as Hex).address, keyFile };
}

function summary(devnet: Devnet, operator: OperatorAccount) {
  return {
    chainId: devnet.chainId,
    geth: devnet.gethVersion,
    dir: devnet.dir,
    rpcUrls: devnet.rpcUrls,
    nodes: devnet.nodes.map((n) => ({ index: n.index, rpcUrl: n.rpcUrl, signer: n.signer, pid: n.pid() })),
    funded: devnet.funded,
    operator: operator.address,
    operatorKeyFile: operator.keyFile ?? null,
    confirmations: cliqueConfirmations(devnet.nodes.length),
  };
}

function banner(devnet: Devnet, operator: OperatorAccount, dataDir: string, env: NodeJS.ProcessEnv): string {
  const n = devnet.nodes.length;
  const keyPart = operator.keyFile ? `TIERCHAIN_OPERATOR_KEY=$(cat ${operator.keyFile}) ` : '';
  const dirPart = env.TIERCHAIN_DATA_DIR ? `TIERCHAIN_DATA_DIR=${dataDir} ` : '';
  return [
    '',
    `  Tierchain devnet is running: ${n} Clique signer${n === 1 ? '' : 's'}, ${DEVNET_PERIOD} s blocks, chain id ${devnet.chainId} (geth ${devnet.gethVersion})`,
    '',
    ...devnet.nodes.map((node) => `  node ${String(node.index).padEnd(3)} ${node.rpcUrl.padEnd(24)} signer ${node.signer}   pid ${node.pid()}`),
    '',
    `  Data directory   ${devnet.dir}   (logs: node-<n>/geth.log)`,
    `  Funded account   ${operator.address}${operator.keyFile ? `   (key in ${operator.keyFile})` : '   (TIERCHAIN_OPERATOR_KEY)'}`,
    '',
    '  Run the platform on it, in another terminal (the operator key is read on its first start):',
    `    ${dirPart}TIERCHAIN_RPC_URL=${devnet.rpcUrls.join(',')} TIERCHAIN_CONFIRMATIONS=${cliqueConfirmations(n)} ${keyPart}tierchain start`,
    '',
    '  Press Ctrl-C to stop (the chain is kept; the next `tierchain devnet` continues it).',
    '',
  ].join('\n');
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new CliError(`${flag} must be a positive integer, got "${value}"`, { exitCode: 2 });
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be a port number (0 = free ports), got "${value}"`, { exitCode: 2 });
  return n;
}
