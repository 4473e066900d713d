import { useId, type ReactNode } from 'react';

/** A titled section of a page. */
export function Card({ title, children, actions, className, description }: { title: string; children: ReactNode; actions?: ReactNode; className?: string; description?: ReactNode }) {
  const id = useId();
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </div>
      {description ? <p className="card-description">{description}</p> : null}
      {children}
    </section>
  );
}
