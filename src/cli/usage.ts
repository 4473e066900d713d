/** The text of `tierchain help`. */
export const usage = `Tierchain: supply-chain finance on an EVM ledger

Usage: tierchain <command> [options]

Commands:
  start              Start the platform: database, chain (an embedded anvil unless
                     TIERCHAIN_RPC_URL is set), contracts (deployed on the first start),
                     transaction manager, indexer and HTTP API. Runs until Ctrl-C.
  deploy             Deploy the contract suite to the chain at TIERCHAIN_RPC_URL from the
                     operator's key (TIERCHAIN_OPERATOR_KEY on a new data directory) and
                     record the addresses in the database.
      --force          deploy a new suite even if one is recorded for that chain
      --json           print the addresses as JSON
  status             Ask a running platform whether it is ready (GET /ready).
      --url <url>      where it runs (default http://127.0.0.1:$TIERCHAIN_PORT, port 8080)
      --json           print the readiness report as JSON
  bench              Gas and throughput figures on a fresh embedded anvil (bench/README.md).
      --json           print one JSON object (progress stays on stderr)
      --quick          settlement at 10 holders only, small throughput samples
      --raw <n>        raw ERC-20 transfers timed (default 500)
      --api <n>        API split-transfers timed (default 300)
      --no-api         skip the API throughput (it starts a platform)
  demo               Build an N+1+N supply chain through the API and print its trace.
      --embedded       start a platform of its own (and time-travel it to maturity)
      --url <url>      a running platform (default http://127.0.0.1:$TIERCHAIN_PORT)
      --key <key>      operator API key (default TIERCHAIN_API_KEY, or the data dir's key)
      --json           print the result as JSON
  help               Show this text.

Options:
  -h, --help         Show this text.
  -v, --version      Print the version.

Configuration comes from the environment: TIERCHAIN_DATA_DIR (default ./.tierchain),
TIERCHAIN_PORT, TIERCHAIN_CHAIN_PORT, TIERCHAIN_RPC_URL, DATABASE_URL, ... (see README.md).
TIERCHAIN_DEBUG=1 prints stack traces.

Exit codes: 0 success, 1 failure, 2 usage error.
`;
