import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { loadConfig, rpcUrlsFrom } from '../config.ts';
import { createChainNodes, type ChainNodes } from '../chain/chainNodes.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { deploySuite, describeDeployStep, loadDeployment, requireCurrentBuild, saveDeployment } from '../chain/deploy.ts';
import { addressOf, type Deployment } from '../chain/contracts.ts';
import { createKeyStore, loadMasterKey } from '../ledger/keyStore.ts';
import { ensureOperator } from '../platform/operator.ts';
import { contractSuite, migrationSets } from '../platform/modules.ts';
import { lockDataDir } from './dataDirLock.ts';
import { contractLines, describeDatabase, operatorKeyAddress } from './describe.ts';
import { CliError } from './errors.ts';
import { createProgressPrinter } from './progress.ts';

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

/**
 * `tierchain deploy [--force] [--json]`: deploys the contract suite to the external chain at TIERCHAIN_RPC_URL
 * from the operator's key and records it in the database, without starting the engines or the API.
 * A suite already recorded for that chain (with its code on the chain) is kept unless `--force`.
 */
export async function deployCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const config = loadConfig(env);
  const rpcUrl = config.rpcUrl;
  if (!rpcUrl) {
    throw new CliError('tierchain deploy needs TIERCHAIN_RPC_URL, the JSON-RPC endpoint of the chain to deploy to', {
      hint: '`tierchain start` deploys to its embedded chain by itself; for an external chain run e.g. ' +
        'TIERCHAIN_RPC_URL=http://127.0.0.1:8545 TIERCHAIN_OPERATOR_KEY=0x… tierchain deploy',
    });
  }
  const importedOperator = operatorKeyAddress(env);
  const startCommand = [env.TIERCHAIN_DATA_DIR ? `TIERCHAIN_DATA_DIR=${config.dataDir}` : '', `TIERCHAIN_RPC_URL=${rpcUrl}`, 'tierchain start']
    .filter(Boolean)
    .join(' ');

  const lock = lockDataDir(config.dataDir);
  const progress = createProgressPrinter({ write: err });
  let db: Database | undefined;
  let nodes: ChainNodes | null = null;
  try {
    progress.step('database', describeDatabase(config));
    db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl, schema: config.databaseSchema } : { dir: join(config.dataDir, 'db') });
    const { applied } = await migrate(db, { sets: migrationSets });
    if (applied.length) progress.step('database', `applied migrations ${applied.join(', ')}`);

    const urls = rpcUrlsFrom(rpcUrl);
    // Several nodes of one chain: one at a time, the next when it stops answering (src/chain/chainNodes.ts).
    nodes = urls.length > 1 ? createChainNodes({ urls, log: (message) => progress.step('chain', message) }) : null;
    const transport = nodes ? nodes.transport({ retryCount: 2, timeout: 30_000 }) : http(rpcUrl, { retryCount: 2, timeout: 30_000 });
    const client = createPublicClient({ transport }) as PublicClient;
    const chainId = await client.getChainId();
    progress.step('chain', `${urls.join(', ')}, chain id ${chainId}${nodes ? ` (using ${nodes.current()})` : ''}`);

    const keys = createKeyStore({ db, masterKey: loadMasterKey(config.dataDir, env) });
    const operator = await ensureOperator({ db, keys, dataDir: config.dataDir, env });
    if (importedOperator && importedOperator !== operator.address.toLowerCase()) {
      throw new CliError(
        `this database's operator is ${operator.address} (created on its first start); TIERCHAIN_OPERATOR_KEY is for ${importedOperator}`,
        { hint: 'unset TIERCHAIN_OPERATOR_KEY to deploy from the stored operator, or use a fresh TIERCHAIN_DATA_DIR (and database)' },
      );
    }
    progress.step('operator', operator.address);

    const recorded = await loadDeployment(db, chainId, contractSuite.names);
    if (recorded) {
      const code = await client.getCode({ address: addressOf(recorded, contractSuite.names[0]!) });
      const onChain = code !== undefined && code !== '0x';
      if (onChain && !values.force) {
        try {
          requireCurrentBuild(recorded, describeDatabase(config));
        } catch (error) {
          throw new CliError((error as Error).message, { hint: 'use a fresh TIERCHAIN_DATA_DIR (and database) to deploy this build' });
        }
        progress.step('deploy', `already deployed on chain ${chainId}; nothing to do (--force deploys a new suite)`);
        report({ deployment: recorded, rpcUrl, operator: operator.address, deployedNow: false, json: values.json, where: describeDatabase(config), startCommand });
        return 0;
      }
      progress.step('deploy', onChain ? 'replacing the recorded suite (--force)' : `the suite recorded for chain ${chainId} is not on that chain; deploying again`);
    }
    await refuseIfDatabaseInUse(db);
    await requireFunds(client, operator.address, chainId);

    const deployed = await deploySuite({
      client,
      operator: await keys.signer(operator.address),
      chainId,
      suite: contractSuite,
      operatorLegalIdHash: operator.legalIdHash,
      onProgress: (s) => progress.step('deploy', describeDeployStep(s)),
    });
    await saveDeployment(db, deployed);
    progress.step('done', `in ${progress.elapsed()}`);
    report({ deployment: deployed, rpcUrl, operator: operator.address, deployedNow: true, json: values.json, where: describeDatabase(config), startCommand });
    return 0;
  } finally {
    nodes?.close();
    await db?.close();
    lock.release();
  }
}

/**
 * One database follows one suite: commands, indexed blocks and read models of another deployment
 * would be orphaned (or mixed with the new suite's), so a database that already follows one is refused.
 */
async function refuseIfDatabaseInUse(db: Database): Promise<void> {
  const { rows } = await db.query<{ commands: string; blocks: string }>(
    'SELECT (SELECT count(*) FROM commands) AS commands, (SELECT count(*) FROM indexer_blocks) AS blocks',
  );
  const commands = Number(rows[0]?.commands ?? 0);
  const blocks = Number(rows[0]?.blocks ?? 0);
  if (commands > 0 || blocks > 0) {
    throw new CliError(
      `this database already follows a deployment (${commands} commands, ${blocks} indexed blocks); a new suite would orphan that data`,
      { hint: 'deploy with a fresh TIERCHAIN_DATA_DIR (and a fresh database if DATABASE_URL is set)' },
    );
  }
}

/** Fails early, with the address to fund, when the operator cannot pay for gas on a chain where gas has a price. */
async function requireFunds(client: PublicClient, operator: Address, chainId: number): Promise<void> {
  const [balance, gasPrice] = await Promise.all([client.getBalance({ address: operator }), client.getGasPrice()]);
  if (balance === 0n && gasPrice > 0n) {
    throw new CliError(`the operator ${operator} has no funds on chain ${chainId} to pay for the deployment`, {
      hint: 'send it some of the chain\'s native currency, or set TIERCHAIN_OPERATOR_KEY to a funded key with a fresh TIERCHAIN_DATA_DIR',
    });
  }
}

function report(p: { deployment: Deployment; rpcUrl: string; operator: Address; deployedNow: boolean; json: boolean; where: string; startCommand: string }): void {
  const { deployment } = p;
  if (p.json) {
    out(
      JSON.stringify({
        chainId: deployment.chainId,
        rpcUrl: p.rpcUrl,
        operator: p.operator,
        startBlock: deployment.startBlock.toString(),
        deployedNow: p.deployedNow,
        contracts: deployment.contracts,
      }, null, 2) + '\n',
    );
    return;
  }
  out(
    [
      p.deployedNow
        ? `Deployed the contract suite on chain ${deployment.chainId} (block ${deployment.startBlock}), recorded in ${p.where}:`
        : `The contract suite recorded for chain ${deployment.chainId} (block ${deployment.startBlock}) is on the chain:`,
      ...contractLines(deployment.contracts, '  '),
      `Operator: ${p.operator}`,
      `Start the platform on this chain with: ${p.startCommand}`,
      '',
    ].join('\n'),
  );
}
