import type { ReactNode } from 'react';

/** A description list of label → value pairs. */
export function KeyValues({ items }: { items: Array<[string, ReactNode] | null | false> }) {
  return (
    <dl className="kv">
      {items.filter((x): x is [string, ReactNode] => !!x).map(([k, v]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
