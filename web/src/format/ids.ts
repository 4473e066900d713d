/** `0x1234…cdef`: a long hex id or address, shortened for display (the full value goes in a title). */
export function shortHex(value: string | null | undefined, head = 6, tail = 4): string {
  if (!value) return '—';
  return value.length > head + tail + 2 ? `${value.slice(0, head + 2)}…${value.slice(-tail)}` : value;
}
