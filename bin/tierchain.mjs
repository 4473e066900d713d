#!/usr/bin/env -S node --max-semi-space-size=256
// The flags on the first line are the platform's (src/cli/nodeFlags.ts); `env -S` passes them to node.
// Entry point: runs the TypeScript CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
