import { shortHex } from '../format/ids.ts';

/** A long id or address, shortened, with the whole value in its title and for screen readers. */
export function IdText({ value, head, tail }: { value: string | null | undefined; head?: number; tail?: number }) {
  if (!value) return <span>—</span>;
  return (
    <code className="id" title={value} aria-label={value}>
      {shortHex(value, head, tail)}
    </code>
  );
}
