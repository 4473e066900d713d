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
      --database-url <url>  run that platform on PostgreSQL (a fresh schema, dropped after) instead of PGlite
      --faults         the fault runs instead: kill -9 of the whole service, of the platform
                       alone, and the chain paused; lost and duplicated commands counted on the chain
      --commands <n>   XT transfers per kill run (default 5000; --quick 300)
      --pause <s>      seconds the chain is paused (default 30; --quick 5)
  demo               Run a module's end-to-end scenario through the API and print its report.
      --scenario <m>   the module (default receivables: an N+1+N supply chain and its trace)
      --embedded       start a platform of its own (and time-travel it to maturity)
      --url <url>      a running platform (default: the one running on the data directory,
                       else http://127.0.0.1:$TIERCHAIN_PORT)
      --key <key>      operator API key (default TIERCHAIN_API_KEY, or the data dir's key)
      --json           print the result as JSON
                     Creates a regulator too, and ends with each member's sign-in key and the
                     console URL.
  devnet             A local consortium network to run the platform on: geth v1.13.15 Clique
                     signers on 127.0.0.1, kept in <data dir>/devnet. Prints each node's RPC
                     URL and the command that starts the platform on them. Runs until Ctrl-C.
                     Needs geth on PATH (without it, says how to build it).
      --signers <n>    signers, when the network is created (default 3)
      --chain-id <id>  chain id, when the network is created (default 4242)
      --port <port>    the first node's JSON-RPC port, the next nodes the ports after it
                       (default 8645; 0 = free ports)
      --fund <a,b,…>   more accounts funded in the genesis, when the network is created
                       (TIERCHAIN_OPERATOR_KEY's account, or a key of its own, always is)
      --json           print the nodes as JSON
  help               Show this text.

Operations on a running platform: tierchain <resource> <action> [args] [--flags]
  Global flags:  --url <url>   the API (default: the platform running on TIERCHAIN_DATA_DIR,
                               else http://127.0.0.1:$TIERCHAIN_PORT, port 8080)
                 --key <key>   API key (default TIERCHAIN_API_KEY, else <data dir>/operator-api-key)
                 --json        machine output: the API's JSON (amounts in minor units)
                 --no-wait     do not wait for the commands (default: wait, progress on stderr)
                 --timeout <s> how long to wait for commands (default 120)
  Amounts are XT in major units, at most 2 decimals: 1000000, 1000000.00 or 1,000,000.00.
  Ids: members and commands are UUIDs; consortia, trades, claims, offers and quotes 0x + 64 hex.

  members      list [--role r] [--status s]  |  show <memberId>  |  me
               create --name <n> --registration <no> --roles <r1,r2> [--admin-user <n>]
                      [--no-certify]
               certify <memberId> [--roles <r1,r2>]
               suspend|reinstate|revoke <memberId> [--reason <text>]
               keys <memberId> (with user ids)  |  issue-key <memberId> <userId>  |  revoke-key <memberId> <keyId>
  consortia    create --name <n>  |  invite <consortiumId> <memberId>  |  list [--invitations]
               accept|decline|leave <consortiumId>  |  show <consortiumId>
  xt           deposit <memberId> <amount> --reference <ref>  |  transfer <toMemberId> <amount>
               withdraw <amount> --reference <ref>  |  balances [<memberId>]
               movements [--member <memberId>]  |  pause  |  unpause
  bank         import <camt.054 file>  (bank gateway: credits become XT deposits, debits book payouts)
               export-withdrawals [--out <file>] [--date <YYYY-MM-DD>]  (pain.001 of confirmed withdrawals)
               account <memberId> <IBAN or account no> --holder <name> [--bic <BIC>]
               messages  |  payouts
  credit-lines set <obligorMemberId> <limit>  |  show <obligorMemberId>
               propose-guarantor <obligorMemberId> <guarantorMemberId>   (operator or the line's funder)
               accept-guarantee <obligorMemberId>  (the proposed guarantor)
               withdraw-guarantee <obligorMemberId>  (the guarantor or the line's manager)
  trades       submit --obligor <memberId> TERMS  |  confirm <tradeId>
               reject <tradeId> [--reason <text>]  |  list [--status s]  |  show <tradeId>
  invoices     submit <UBL invoice.xml> --consortium <id> [--late-rate-bps n] [--max-hops n] [--day-count c]
               import <invoices.csv> --consortium <id> [same terms]  |  list  |  show <invoiceId>
  certificates add-authority <ca.pem>  |  authorities  |  crl <crl.pem> [--issuer <ca.pem>]   (operator)
               set <memberId> <cert.pem> [--chain <intermediates.pem>]  |  show <memberId>
  documents    sign <file> --private-key <your key.pem>   (SM2 or P-256; the key stays here)  |  signatures <sha256>
               new-key --out <private.pem>  (your X25519 document key; the public half is registered)
               upload <file> [--kind invoice|contract|warehouse_receipt|lease_contract] [--parties <id,id>]
               open <documentId> --private-key <private.pem> --out <file>  |  list  |  reads <documentId>
               grant <documentId> <memberId> --private-key <private.pem>  |  revoke <documentId> <memberId>
  devices      register <serial> <deviceKey> --type <equipment type> --model <m> [--salvage <amount>]  (manufacturer)
               list [--q <text>]  |  show <deviceId>  |  deposit <amount>
               area <deviceId> --lat <south,north> --lon <west,east> [--reference <text>]  |  area <deviceId> --clear
               simulate --count N [--readings M] [--interval ms] [--mqtt <url>]   (N devices, each its own key,
                      registered, publishing signed readings over MQTT; run with a manufacturer's key)
  leases       propose <name> <deviceId> <lessee> <consortiumId> --price <a> --rent <a> [--usage-rate <a>] --deposit <a>
                      --period-days <n> --periods <n> [--late-rate-bps <n>] --deadline <instant>   (the device's owner)
               accept <lease>  |  fund <lease> <amount>  |  rent <lease>  |  purchase <lease>  |  return <lease>
               usage-rent <lease> [--to-seq <n>] [--quote]   (rent per usage hour: the platform proves the readings)
               default <lease>   (a whole period behind: the deposit pays what is owed)  |  list [--overdue]  |  payments <lease>
  providers    certify <provider> <kinds>  |  list  |  serve <service> <client> <kind>  |  rate <service> <score>
  reports      outstanding|financing|collateral|overdue [--format csv|json] [--as-of <instant>] [--out <file>]
               (regulator, operator; from chain events alone; schema in docs/reports.md)
  payables     issue --supplier <memberId> TERMS
               TERMS: --consortium <id> --invoice <no> --amount <amount> --due <YYYY-MM-DD>
                      [--late-rate-bps <n>] [--max-hops <n>] [--day-count ACT/360|ACT/365F]
                      [--documents-hash <0x…>]
  advances     issue --kind purchase_order|channel --to <memberId> --order <no> TERMS (no --invoice)
               close <claimId> --invoice <no> --delivery-hash <0x…>  |  list
  credit       scores [--as-of <instant>]  |  score <memberId> [--as-of <instant>]
  claims       list [--holder <memberId>] [--obligor <memberId>] [--guarantor <memberId>]
                    [--search <text>] [--status unpaid|partially_paid|paid] [--overdue]
                    [--due-from <date>] [--due-to <date>] [--sort newest|due|-due|amount|-amount]
               show <claimId>             terms, settlement, owed now (principal + late interest)
               trace <claimId>            the whole tree: issue, splits, sales, redemptions
               transfer <claimId> <toMemberId> <amount>
               pay <claimId> <amount>     the obligor or the guarantor; late interest first
               modify <claimId> <amount> [--due <date>] [--late-rate-bps <n>] [--max-hops <n>]
               sell <claimId> <offerId> <amount> [--min-price <amount>]
               redeem <claimId> [--holder <memberId>]
  offers       post --obligor <memberId> --rate-bps <n> --limit <amount> --expires <time>
                    [--only-holder <memberId>]
               cancel <offerId>  |  show <offerId>  |  list [--obligor <id>] [--funder <id>] [--all]
               price <offerId> <claimId> <amount>
               a time: an ISO date-time, a date, or from now (30d, 12h, 45m)
  quotes       request <claimId> <amount>  |  list
               answer <quoteId> --rate-bps <n> --expires <time>
  listings     create <name|listingId> <claimId> <units> <price> --deadline <time>   (P2P: escrows the units)
               fund <listing> <amount>  (investors)  |  claim|refund|collect <listing>  |  list
  pools        create <name|poolId> <consortiumId> --maturity <time> --yields <A,B,C bps> --limit-per-obligor <amount>
                    [--obligors <memberId,…>] [--epoch-days <n>] [--discount-bps <n>] [--min-discount-bps <n>]
                    [--max-tenor-days <n>] [--min-subordination-bps <n>] [--min-cover-bps <n>] [--quorum-bps <n>]
                    [--threshold-bps <n>] [--voting-days <n>] [--day-count ACT/360|ACT/365F]
               show|epochs <pool>  |  close <pool>  |  cover <pool> <amount> [--withdraw]  (the sponsor)
               deposit <pool> <A|B|C> <amount>  |  redeem <pool> <A|B|C> <shares>  |  claim <pool> <A|B|C>
               buy <pool> <claimId> <face> [--min-price <amount>]   (sell your claim to the pool)
               statement <pool> [--investor <address>] [--csv]   what your position earned, per epoch
               propose <pool> valuation|write_off|eligibility [--asset <n>] [--value <v>] [--obligor <memberId>]
               vote <proposalId> for|against  |  execute <proposalId>
  settlements  distribute <rootId> [--batch-size <n>]
  position     [<memberId>]               what a member (default: yours) holds, owes, financed
  commands     show <commandId>  |  wait <commandId>  |  list [--status s]

Options:
  -h, --help         Show this text.
  -v, --version      Print the version.

Configuration comes from the environment: TIERCHAIN_DATA_DIR (default ./.tierchain),
TIERCHAIN_PORT, TIERCHAIN_CHAIN_PORT, TIERCHAIN_RPC_URL (one node, or several of one chain separated
by commas), DATABASE_URL, ... (see README.md).
TIERCHAIN_DEBUG=1 prints stack traces.

Exit codes: 0 success, 1 failure, 2 usage error.
`;
