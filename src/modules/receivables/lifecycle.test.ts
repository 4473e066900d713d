// A receivable's whole life across four tiers, through the HTTP API, on the embedded anvil (the steps and every
// figure: test/support/receivablesLifecycle.ts; the same life cycle runs through a standard-methods-only proxy in
// test/standard-rpc.test.ts).
import { startTestPlatform } from '../../../test/support/platform.ts';
import { setChainTime } from '../../../test/support/receivables.ts';
import { describeReceivablesLifecycle } from '../../../test/support/receivablesLifecycle.ts';

describeReceivablesLifecycle('receivables: issue, split across four tiers, finance, settle', { start: () => startTestPlatform(), setChainTime });
