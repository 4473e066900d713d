import type pg from 'pg';
import type { CopyText } from './driver.ts';

/** The parts of a pg Connection a COPY … FROM STDIN needs (pg declares none of them). */
interface PgConnection {
  query(sql: string): void;
  stream: { write(chunk: string | Buffer, encoding?: BufferEncoding): boolean };
}

/** The protocol's CopyData ('d') and CopyDone ('c') message codes. */
const COPY_DATA = 0x64;
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * COPY … FROM STDIN as a query a pg client runs in its turn (a Submittable): the text is written to the connection's
 * socket in CopyData messages as the strings it is. pg-copy-streams (a Writable) needs the text as Buffers first:
 * for the indexer's event log that is a few hundred megabytes of young ArrayBuffers per million events, and V8 runs a
 * young-generation collection whenever such buffers pass a few tens of megabytes, copying every live young object
 * each time. A string written to a socket is encoded by Node outside the JavaScript heap.
 *
 * Resolves once the server has answered the COPY; rejects with the server's error. After an error the
 * server drops the rest of the copy's messages and is ready for the next statement (the protocol's rule for COPY in a
 * simple query).
 */
export function copyInText(client: pg.PoolClient, sql: string, text: CopyText): Promise<void> {
  const parts = typeof text === 'string' ? [text] : text;
  return new Promise<void>((resolve, reject) => {
    const query = {
      submit(connection: PgConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: PgConnection) {
        for (const part of parts) {
          const length = Buffer.byteLength(part, 'utf8');
          if (length === 0) continue;
          const header = Buffer.allocUnsafe(5);
          header[0] = COPY_DATA;
          header.writeUInt32BE(length + 4, 1);
          connection.stream.write(header);
          connection.stream.write(part, 'utf8');
        }
        connection.stream.write(COPY_DONE);
      },
      // pg reports the server's CommandComplete ("COPY n") before ReadyForQuery; the count is not needed.
      handleCommandComplete() {},
      handleReadyForQuery() {
        resolve();
      },
      handleError(error: Error) {
        reject(error);
      },
      // pg sets this for its query timeout; nothing of its own to call.
      callback() {},
    };
    void client.query(query as unknown as pg.Submittable);
  });
}
