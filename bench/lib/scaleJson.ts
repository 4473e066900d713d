/** JSON with bigints (as {"$bigint": "…"}), for the jobs and results passed to and from scaleChild.ts. */
export const toJson = (value: unknown): string => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
export const fromJson = (text: string): unknown =>
  JSON.parse(text, (_k, v) => (v && typeof v === 'object' && typeof v.$bigint === 'string' && Object.keys(v).length === 1 ? BigInt(v.$bigint) : v));
