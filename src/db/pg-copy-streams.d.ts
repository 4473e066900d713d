// The part of pg-copy-streams (7.x) the PostgreSQL driver uses: COPY … FROM STDIN as a writable stream that a pg
// client runs as a query (the package ships no types).
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  export function from(sql: string): Writable & Submittable;
}
