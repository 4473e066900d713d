/**
 * One measurement of the scale bench in a process of its own (`measureInFreshProcess`, scaleMeasure.ts): the indexer's
 * catch-up or the raw eth_getLogs read, each with a heap holding nothing but its own work, as a platform instance's
 * would, not the bench's (the build's population, wallets and figures, which make every garbage collection of the
 * bench's process slower). The job comes as JSON in argv[2]; progress lines go to stderr, the result as JSON to stdout.
 */
import { indexerCatchUp, rawGetLogsDecode, type ScaleJob } from './scaleMeasure.ts';
import { fromJson, toJson } from './scaleJson.ts';

const job = fromJson(process.argv[2] ?? '') as ScaleJob;
const progress = (stage: string, message?: string) => void process.stderr.write(`${JSON.stringify({ stage, message: message ?? '' })}\n`);
const result =
  job.kind === 'catchUp'
    ? await indexerCatchUp({ databaseUrl: job.databaseUrl!, rpcUrl: job.rpcUrl, deployment: job.deployment, head: job.head, progress })
    : await rawGetLogsDecode({ rpcUrl: job.rpcUrl, deployment: job.deployment, head: job.head });
process.stdout.write(`${toJson(result)}\n`);
process.exit(0);
