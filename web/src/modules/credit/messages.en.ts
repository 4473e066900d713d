/** credit's messages in English: its page, the badge beside offers and quotes, and its menu label. */
export const creditEn = {
  'nav.credit': 'Credit scores',

  'credit.title': 'Credit scores',
  'credit.description': "Each member's score from on-chain history alone: obligations paid on time, days overdue, defaults, liquidations, volume repaid and service ratings.",
  'credit.scores': 'Members',
  'credit.empty': 'No member yet.',
  'credit.member': 'Member',
  'credit.score': 'Credit score',
  'credit.none': 'no history',
  'credit.onTime': 'On time',
  'credit.daysOverdue': 'Days overdue',
  'credit.defaults': 'Defaults',
  'credit.liquidations': 'Liquidations',
  'credit.volume': 'Repaid (minor units)',
  'credit.terms': 'Terms of the formula',
  'credit.term.base': 'base',
  'credit.term.punctuality': 'on time',
  'credit.term.overdue': 'overdue',
  'credit.term.defaults': 'defaults',
  'credit.term.liquidations': 'liquidations',
  'credit.term.volume': 'volume',
  'credit.term.ratings': 'ratings',
  'credit.formula':
    'Score = 500 + on time (−150 to +150) − 2 per day overdue (at most 200) − 150 per default − 100 per liquidation + 10 per doubling of the volume repaid (at most 150) + ratings (−100 to +100), from 0 to 1000. A ≥ 750, B ≥ 600, C ≥ 450, D below.',
  'credit.badge.title': '{onTime} of {obligations} on time · {days} days overdue · {defaults} defaults · {liquidations} liquidations',
} as const;
