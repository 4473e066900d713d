import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, rpcUrlsFrom } from './config.ts';

test('TIERCHAIN_RPC_URL: unset is the embedded chain; one URL; several separated by commas, spaces allowed', () => {
  assert.equal(loadConfig({}).rpcUrl, undefined);
  assert.equal(loadConfig({ TIERCHAIN_RPC_URL: ' ' }).rpcUrl, undefined);
  assert.equal(loadConfig({ TIERCHAIN_RPC_URL: 'http://besu-1:8545' }).rpcUrl, 'http://besu-1:8545');
  const config = loadConfig({ TIERCHAIN_RPC_URL: 'http://besu-1:8545, https://besu-2.example:8545/rpc ,http://10.0.0.3:8545' });
  assert.equal(config.rpcUrl, 'http://besu-1:8545,https://besu-2.example:8545/rpc,http://10.0.0.3:8545');
  assert.deepEqual(rpcUrlsFrom(config.rpcUrl), ['http://besu-1:8545', 'https://besu-2.example:8545/rpc', 'http://10.0.0.3:8545']);
});

test('TIERCHAIN_RPC_URL refuses what is not an http(s) URL, an empty entry and a node named twice', () => {
  assert.throws(() => loadConfig({ TIERCHAIN_RPC_URL: 'besu-1:8545' }), /TIERCHAIN_RPC_URL must be one http\(s\) URL, or several separated by commas, got "besu-1:8545"/);
  assert.throws(() => loadConfig({ TIERCHAIN_RPC_URL: 'ws://besu-1:8546' }), /got "ws:\/\/besu-1:8546"/);
  assert.throws(() => loadConfig({ TIERCHAIN_RPC_URL: 'http://a:1,,http://b:1' }), /got "" in "http:\/\/a:1,,http:\/\/b:1"/);
  assert.throws(() => loadConfig({ TIERCHAIN_RPC_URL: 'http://a:1,http://a:1' }), /TIERCHAIN_RPC_URL names http:\/\/a:1 twice/);
});
