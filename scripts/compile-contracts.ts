// npm run build:contracts — compiles contracts/**/*.sol and regenerates the bindings: src/modules/<module>/generated/
// for a module's contracts (contracts/<module>/), src/chain/generated/ for the rest.
// The generated files are committed, so `npm start` never needs solc.
import { compileContracts, ContractCompileError, evmVersionFrom, writeGenerated } from '../src/chain/compile.ts';

const started = Date.now();
try {
  // --evm <version> (or TIERCHAIN_EVM_VERSION) builds for another EVM version than the default paris.
  const flag = process.argv.indexOf('--evm');
  const evmVersion = evmVersionFrom(flag >= 0 ? process.argv[flag + 1] : process.env.TIERCHAIN_EVM_VERSION);
  const result = await compileContracts({ log: (line) => console.log(line), evmVersion });
  const written = writeGenerated(result);
  for (const contract of result.contracts) {
    const size = (contract.deployedBytecode.length - 2) / 2;
    console.log(`  ${contract.name.padEnd(28)} ${contract.abstract ? '  (ABI only)' : `${String(size).padStart(6)} bytes runtime`}  (${contract.sourceUnit})`);
  }
  console.log(
    `wrote ${written.outDirs.join(', ')}: ${written.written.length} changed, ${written.unchanged.length} unchanged` +
      (written.removed.length ? `, removed ${written.removed.join(', ')}` : '') +
      `; ${result.warnings.length} warning(s); total ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`source hash ${result.sourceHash}`);
} catch (error) {
  if (error instanceof ContractCompileError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  console.error(`build:contracts failed after ${((Date.now() - started) / 1000).toFixed(1)} s; generated files left untouched`);
  process.exitCode = 1;
}
