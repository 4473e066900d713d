/**
 * Solidity compile pipeline: every `contracts/**\/*.sol` is compiled in one solcjs
 * standard-JSON run, and each concrete contract becomes `src/chain/generated/<Name>.ts`
 * (`<camel>Abi` / `<camel>Bytecode` as const, so viem infers types). The generated files
 * are committed; `sources.sha256` lets a fast test detect that they are stale.
 *
 * `computeSourceHash` is cheap (reads the sources and two package.json files, never loads
 * solc), so it can run in the unit tests.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TierchainError } from '../common/errors.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Relative to the repository root. */
export const CONTRACTS_DIR = 'contracts';
export const GENERATED_DIR = join('src', 'chain', 'generated');
export const SOURCE_HASH_FILE = 'sources.sha256';

/** Bump when the shape of the generated files changes, so the staleness test catches it. */
const GENERATOR_VERSION = 'tierchain-generated-v1';

/**
 * The EVM version the contracts are compiled for. `paris` by default: the widest that consortium chains run
 * (go-ethereum's Clique stops before Shanghai; many Besu, Quorum and FISCO BCOS networks are on London or Paris),
 * so no PUSH0, MCOPY or transient storage. `TIERCHAIN_EVM_VERSION` (or `npm run build:contracts -- --evm <v>`)
 * builds for another; the version is part of the build's hash, so the bindings say which they are.
 */
export const DEFAULT_EVM_VERSION = 'paris';
export const EVM_VERSIONS = ['london', 'paris', 'shanghai', 'cancun', 'prague'] as const;
export type EvmVersion = (typeof EVM_VERSIONS)[number];

export function evmVersionFrom(value: string | undefined): EvmVersion {
  if (value === undefined || value === '') return DEFAULT_EVM_VERSION;
  if (!(EVM_VERSIONS as readonly string[]).includes(value)) {
    throw new TierchainError('evm_version_unknown', `EVM version "${value}" is not one of ${EVM_VERSIONS.join(', ')}`);
  }
  return value as EvmVersion;
}

/** The EVM version of the test baselines (contracts/test/): OpenZeppelin 5.7's ERC-1155 uses MCOPY. */
export const BASELINE_EVM_VERSION: EvmVersion = 'cancun';
const isBaseline = (unit: string) => unit.startsWith(`${CONTRACTS_DIR}/test/`);

/** The compiler settings for an EVM version (the optimizer and the IR pipeline are fixed). */
export function solcSettings(evmVersion: EvmVersion = evmVersionFrom(process.env.TIERCHAIN_EVM_VERSION)) {
  return { ...SOLC_SETTINGS, evmVersion };
}

export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  evmVersion: DEFAULT_EVM_VERSION as EvmVersion,
  outputSelection: {
    '*': {
      // the AST is only read to tell contracts from libraries/interfaces and abstract contracts
      '': ['ast'],
      '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'],
    },
  },
} as const;

/** EIP-170 / EIP-3860 limits. */
const MAX_RUNTIME_SIZE = 24_576;
const MAX_INITCODE_SIZE = 49_152;

export type Hex = `0x${string}`;

export interface CompiledContract {
  name: string;
  /** Source unit, e.g. `contracts/test/BaselineERC20.sol`. */
  sourceUnit: string;
  kind: 'contract' | 'library';
  /** An abstract contract: its ABI only (a module calls its functions where a concrete contract inherits them). */
  abstract: boolean;
  abi: readonly unknown[];
  bytecode: Hex;
  deployedBytecode: Hex;
}

export interface CompileResult {
  /** The EVM version compiled for. */
  evmVersion: EvmVersion;
  /** Full compiler version, e.g. `0.8.37+commit.f401782d.Emscripten.clang`. */
  solcVersion: string;
  /** Hash of exactly the sources that were compiled (see computeSourceHash). */
  sourceHash: string;
  /** Source units under contracts/ that were compiled. */
  sourceUnits: string[];
  /** Files pulled in through the import callback (node_modules). */
  importedUnits: string[];
  /** Deployable contracts, sorted by name. */
  contracts: CompiledContract[];
  warnings: string[];
  elapsedMs: number;
}

export class ContractCompileError extends TierchainError {
  readonly errors: string[];
  constructor(errors: string[]) {
    super('contract_compile_failed', `solidity compilation failed with ${errors.length} error(s):\n\n${errors.join('\n')}`, {
      details: { errors },
    });
    this.errors = errors;
  }
}

/** Source units (posix paths relative to `root`) of every `contracts/**\/*.sol`, sorted. */
export function listContractSources(root = REPO_ROOT): string[] {
  const base = join(root, CONTRACTS_DIR);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sol')) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  if (existsSync(base)) walk(base);
  return out.sort();
}

export function readContractSources(root = REPO_ROOT): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const unit of listContractSources(root)) sources[unit] = readFileSync(join(root, unit), 'utf8');
  return sources;
}

function packageVersion(name: string, root: string): string | undefined {
  try {
    const path = createRequire(join(root, 'package.json')).resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** npm packages named by non-relative imports (`@openzeppelin/contracts/...` -> `@openzeppelin/contracts`). */
function importedPackages(sources: Record<string, string>): string[] {
  const packages = new Set<string>();
  const importRe = /\bimport\s+(?:[^'";]*?\bfrom\s+)?["']([^"']+)["']/g;
  for (const content of Object.values(sources)) {
    for (const match of content.matchAll(importRe)) {
      const path = match[1]!;
      if (path.startsWith('.') || path.startsWith(`${CONTRACTS_DIR}/`)) continue;
      const parts = path.split('/');
      const pkg = path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (pkg) packages.add(pkg);
    }
  }
  return [...packages].sort();
}

/**
 * sha256 over: generator version, solc package version, settings, versions of imported npm
 * packages (e.g. OpenZeppelin), and every contracts/**\/*.sol (path + content).
 */
export function computeSourceHash(
  root = REPO_ROOT,
  sources: Record<string, string> = readContractSources(root),
  settings: ReturnType<typeof solcSettings> = solcSettings(),
): string {
  const hash = createHash('sha256');
  const field = (value: string): void => {
    hash.update(value);
    hash.update('\0');
  };
  field(GENERATOR_VERSION);
  field(`solc@${packageVersion('solc', root) ?? 'missing'}`);
  field(JSON.stringify(settings));
  field(`baselines: ${BASELINE_EVM_VERSION}`);
  for (const pkg of importedPackages(sources)) field(`${pkg}@${packageVersion(pkg, root) ?? 'missing'}`);
  for (const unit of Object.keys(sources).sort()) {
    field(unit);
    field(sources[unit]!);
  }
  return hash.digest('hex');
}

/** `BaselineERC20` -> `baselineERC20`, `ERC20Mock` -> `erc20Mock`, `USDCToken` -> `usdcToken`. */
export function camelName(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0] ?? '';
  if (run.length <= 1) return name.charAt(0).toLowerCase() + name.slice(1);
  if (run.length === name.length) return name.toLowerCase();
  const next = name.charAt(run.length);
  const lowerCount = /[a-z]/.test(next) ? run.length - 1 : run.length;
  return name.slice(0, lowerCount).toLowerCase() + name.slice(lowerCount);
}

// ---------------------------------------------------------------------------------------
// Compilation (in a worker thread, so the main thread can report progress while solc runs)

interface WorkerRequest {
  input: string;
  root: string;
}
interface WorkerResponse {
  output: string;
  version: string;
  importedUnits: string[];
}

/** Plain CommonJS, evaluated in the worker; the import callback resolves under node_modules. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { input, root } = workerData;
const solc = createRequire(path.join(root, 'package.json'))('solc');
const importedUnits = [];
function findImports(unit) {
  const normalized = path.posix.normalize(unit);
  if (normalized.startsWith('../') || path.posix.isAbsolute(normalized)) {
    return { error: 'import outside the repository is not allowed: ' + unit };
  }
  const candidates = normalized.startsWith('contracts/')
    ? [path.join(root, normalized)]
    : [path.join(root, 'node_modules', normalized)];
  for (const file of candidates) {
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      importedUnits.push(unit);
      return { contents: fs.readFileSync(file, 'utf8') };
    }
  }
  return { error: 'file not found: ' + unit + ' (looked in ' + candidates.join(', ') + ')' };
}
const output = solc.compile(input, { import: findImports });
parentPort.postMessage({ output, version: solc.version(), importedUnits });
`;

function runSolc(request: WorkerRequest): Promise<WorkerResponse> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: request });
    let response: WorkerResponse | undefined;
    worker.once('message', (message: WorkerResponse) => {
      response = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (response) resolvePromise(response);
      else reject(new Error(`solc worker exited with code ${code} without a result`));
    });
  });
}

interface SolcError {
  severity: 'error' | 'warning' | 'info';
  type: string;
  formattedMessage?: string;
  message: string;
  sourceLocation?: { file: string };
}
interface SolcAstNode {
  nodeType: string;
  name?: string;
  contractKind?: 'contract' | 'interface' | 'library';
  abstract?: boolean;
  nodes?: SolcAstNode[];
}
interface SolcOutput {
  errors?: SolcError[];
  sources?: Record<string, { ast?: SolcAstNode }>;
  contracts?: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
}

export interface CompileOptions {
  root?: string;
  /** Default: TIERCHAIN_EVM_VERSION, else paris. */
  evmVersion?: EvmVersion;
  /** Progress and warnings; default: no output. */
  log?: (line: string) => void;
  /** How often to report "still compiling"; default 5 s. */
  progressIntervalMs?: number;
}

export async function compileContracts(options: CompileOptions = {}): Promise<CompileResult> {
  const root = options.root ?? REPO_ROOT;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  const sources = readContractSources(root);
  const sourceUnits = Object.keys(sources).sort();
  if (sourceUnits.length === 0) throw new ContractCompileError([`no .sol files under ${join(root, CONTRACTS_DIR)}`]);
  const settings = solcSettings(options.evmVersion);
  const sourceHash = computeSourceHash(root, sources, settings);

  const byDir = new Map<string, number>();
  for (const unit of sourceUnits) {
    const dir = unit.slice(0, unit.lastIndexOf('/'));
    byDir.set(dir, (byDir.get(dir) ?? 0) + 1);
  }
  log(
    `compiling ${sourceUnits.length} source file(s) with solc ${packageVersion('solc', root) ?? '?'} ` +
      `(optimizer ${settings.optimizer.runs} runs, evm ${settings.evmVersion}): ` +
      [...byDir].map(([dir, n]) => `${dir}/ (${n})`).join(', '),
  );

  // The test baselines (OpenZeppelin's own ERC-20 and ERC-1155, for the bench) are compiled in a run of their own
  // for BASELINE_EVM_VERSION: OpenZeppelin 5.7's ERC-1155 needs MCOPY, which Paris does not have.
  const groups = [
    { units: sourceUnits.filter((u) => !isBaseline(u)), settings },
    { units: sourceUnits.filter(isBaseline), settings: solcSettings(BASELINE_EVM_VERSION) },
  ].filter((g) => g.units.length > 0);
  const ticker = setInterval(() => log(`  … still compiling (${elapsed()})`), options.progressIntervalMs ?? 5_000);
  let responses: WorkerResponse[];
  try {
    responses = await Promise.all(
      groups.map((g) =>
        runSolc({
          input: JSON.stringify({ language: 'Solidity', sources: Object.fromEntries(g.units.map((unit) => [unit, { content: sources[unit]! }])), settings: g.settings }),
          root,
        }),
      ),
    );
  } finally {
    clearInterval(ticker);
  }
  const response: WorkerResponse = {
    version: responses[0]!.version,
    importedUnits: responses.flatMap((r) => r.importedUnits),
    output: '',
  };
  log(`  solc ${response.version} finished in ${elapsed()} (${new Set(response.importedUnits).size} imported file(s) from node_modules)`);

  const parts = responses.map((r) => JSON.parse(r.output) as SolcOutput);
  const output: SolcOutput = {
    errors: parts.flatMap((o) => o.errors ?? []),
    sources: Object.assign({}, ...parts.map((o) => o.sources ?? {})),
    contracts: Object.assign({}, ...parts.map((o) => o.contracts ?? {})),
  };
  const diagnostics = output.errors ?? [];
  const errors = diagnostics.filter((e) => e.severity === 'error').map((e) => e.formattedMessage ?? `${e.type}: ${e.message}`);
  const warnings = diagnostics.filter((e) => e.severity !== 'error').map((e) => e.formattedMessage ?? `${e.type}: ${e.message}`);
  for (const warning of warnings) log(warning.trimEnd());
  if (errors.length > 0) throw new ContractCompileError(errors);

  const contracts: CompiledContract[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const unit of sourceUnits) {
    const definitions = new Map<string, SolcAstNode>();
    for (const node of output.sources?.[unit]?.ast?.nodes ?? []) {
      if (node.nodeType === 'ContractDefinition' && node.name) definitions.set(node.name, node);
    }
    for (const [name, artifact] of Object.entries(output.contracts?.[unit] ?? {})) {
      const definition = definitions.get(name);
      const kind = definition?.contractKind ?? 'contract';
      const bytecode = artifact.evm.bytecode.object;
      if (kind === 'interface') continue;
      if (definition?.abstract) {
        if (kind === 'contract') contracts.push({ name, sourceUnit: unit, kind: 'contract', abstract: true, abi: artifact.abi, bytecode: '0x', deployedBytecode: '0x' });
        continue;
      }
      if (bytecode.length === 0) continue;
      // internal-only libraries are inlined into their users and never deployed
      if (kind === 'library' && !artifact.abi.some((item) => (item as { type?: string }).type === 'function')) continue;
      if (bytecode.includes('__$')) {
        problems.push(`${unit}:${name} calls external library functions (bytecode needs linking); the deployer does not link libraries, make them internal`);
        continue;
      }
      const previous = seen.get(name);
      if (previous) {
        problems.push(`contract name ${name} is defined in both ${previous} and ${unit}; generated file names must be unique`);
        continue;
      }
      seen.set(name, unit);
      const deployedBytecode = artifact.evm.deployedBytecode.object;
      const runtimeSize = deployedBytecode.length / 2;
      const initSize = bytecode.length / 2;
      if (runtimeSize > MAX_RUNTIME_SIZE) {
        const warning = `WARNING: ${name} runtime bytecode is ${runtimeSize} bytes, above the EIP-170 limit of ${MAX_RUNTIME_SIZE}; it cannot be deployed`;
        warnings.push(warning);
        log(warning);
      }
      if (initSize > MAX_INITCODE_SIZE) {
        const warning = `WARNING: ${name} init code is ${initSize} bytes, above the EIP-3860 limit of ${MAX_INITCODE_SIZE}; it cannot be deployed`;
        warnings.push(warning);
        log(warning);
      }
      contracts.push({
        name,
        sourceUnit: unit,
        kind: kind === 'library' ? 'library' : 'contract',
        abstract: false,
        abi: artifact.abi,
        bytecode: `0x${bytecode}`,
        deployedBytecode: `0x${deployedBytecode}`,
      });
    }
  }
  if (problems.length > 0) throw new ContractCompileError(problems);
  contracts.sort((a, b) => a.name.localeCompare(b.name));

  return {
    evmVersion: settings.evmVersion,
    solcVersion: response.version,
    sourceHash,
    sourceUnits,
    importedUnits: [...new Set(response.importedUnits)].sort(),
    contracts,
    warnings,
    elapsedMs: Date.now() - started,
  };
}

// ---------------------------------------------------------------------------------------
// Generated TypeScript

export function renderContractModule(contract: CompiledContract, solcVersion: string, evmVersion: EvmVersion = DEFAULT_EVM_VERSION): string {
  const camel = camelName(contract.name);
  return [
    `// Generated by scripts/compile-contracts.ts (npm run build:contracts) - do not edit.`,
    `// Source: ${contract.sourceUnit} (${contract.abstract ? 'abstract ' : ''}${contract.kind} ${contract.name})`,
    `// Compiler: solc ${solcVersion}, optimizer ${SOLC_SETTINGS.optimizer.runs} runs, viaIR, evm ${evmVersion}`,
    ``,
    `export const ${camel}Abi = ${JSON.stringify(contract.abi, null, 2)} as const;`,
    ``,
    ...(contract.abstract ? [] : [`export const ${camel}Bytecode = '${contract.bytecode}' as const;`, ``]),
  ].join('\n');
}

/**
 * Where a contract's bindings go: a module's contracts (`contracts/<module>/`) beside its code in
 * `src/modules/<module>/generated/`; the rest (test baselines) in `src/chain/generated/`.
 */
export function bindingDir(sourceUnit: string, root = REPO_ROOT): string {
  const folder = sourceUnit.split('/')[1];
  if (folder && sourceUnit.split('/').length > 2 && existsSync(join(root, 'src', 'modules', folder))) return join('src', 'modules', folder, 'generated');
  return GENERATED_DIR;
}

/** Every directory that holds generated bindings now. */
export function generatedDirs(root = REPO_ROOT): string[] {
  const modules = join(root, 'src', 'modules');
  const dirs = [GENERATED_DIR];
  if (existsSync(modules)) {
    for (const name of readdirSync(modules).sort()) {
      if (existsSync(join(modules, name, 'generated'))) dirs.push(join('src', 'modules', name, 'generated'));
    }
  }
  return dirs;
}

export function renderIndexModule(contracts: readonly CompiledContract[]): string {
  return [
    `// Generated by scripts/compile-contracts.ts (npm run build:contracts) - do not edit.`,
    ...contracts.map((c) => `export * from './${c.name}.ts';`),
    ``,
  ].join('\n');
}

export interface WriteResult {
  outDirs: string[];
  written: string[];
  unchanged: string[];
  removed: string[];
}

/**
 * Writes `<Name>.ts` per contract and an `index.ts` into each binding directory ({@link bindingDir}), then
 * `sources.sha256` into src/chain/generated (last, so an interrupted run stays "stale"). The directories are owned by
 * the generator: other `.ts` files in them are removed.
 */
export function writeGenerated(result: CompileResult, root = REPO_ROOT): WriteResult {
  const byDir = new Map<string, CompiledContract[]>();
  for (const contract of result.contracts) {
    const dir = bindingDir(contract.sourceUnit, root);
    byDir.set(dir, [...(byDir.get(dir) ?? []), contract]);
  }
  const written: string[] = [];
  const unchanged: string[] = [];
  const removed: string[] = [];
  const hashPath = join(root, GENERATED_DIR, SOURCE_HASH_FILE);
  if (existsSync(hashPath)) rmSync(hashPath);
  for (const dir of new Set([...generatedDirs(root), ...byDir.keys()])) {
    const outDir = join(root, dir);
    mkdirSync(outDir, { recursive: true });
    const contracts = byDir.get(dir) ?? [];
    const files = new Map<string, string>();
    for (const contract of contracts) files.set(`${contract.name}.ts`, renderContractModule(contract, result.solcVersion, isBaseline(contract.sourceUnit) ? BASELINE_EVM_VERSION : result.evmVersion));
    if (contracts.length) files.set('index.ts', renderIndexModule(contracts));
    for (const name of readdirSync(outDir)) {
      if (name.endsWith('.ts') && !files.has(name)) {
        rmSync(join(outDir, name));
        removed.push(join(dir, name));
      }
    }
    for (const [name, content] of files) {
      const path = join(outDir, name);
      if (existsSync(path) && readFileSync(path, 'utf8') === content) unchanged.push(join(dir, name));
      else {
        writeFileSync(path, content);
        written.push(join(dir, name));
      }
    }
    if (!contracts.length && readdirSync(outDir).length === 0) rmSync(outDir, { recursive: true });
  }
  writeFileSync(hashPath, `${result.sourceHash}\n`);
  return { outDirs: [...byDir.keys()], written, unchanged, removed };
}

/** The hash recorded by the last `npm run build:contracts`, or undefined if never generated. */
export function readRecordedSourceHash(outDir = join(REPO_ROOT, GENERATED_DIR)): string | undefined {
  const path = join(outDir, SOURCE_HASH_FILE);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}
