/**
 * RFC 4180 CSV: fields separated by commas, quoted with double quotes (a quote inside doubled), CRLF or LF line ends,
 * a header row naming the columns. A UTF-8 byte order mark (what spreadsheet exports start with) is dropped.
 */

export class CsvMalformedError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
  }
}

/** The rows of `text` as arrays of fields; row numbers in errors count from 1 (the header). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') {
      if (field !== '') throw new CsvMalformedError('a quote inside an unquoted field', rows.length + 1);
      quoted = true;
    } else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else field += c;
  }
  if (quoted) throw new CsvMalformedError('a quoted field is not closed', rows.length + 1);
  if (field !== '' || row.length) endRow();
  return rows;
}

/** Rows as records keyed by the header's column names; every row must have the header's width. */
export function csvRecords(text: string, required: readonly string[]): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvMalformedError('no header row', 1);
  const names = header.map((h) => h.trim());
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length) throw new CsvMalformedError(`the header lacks ${missing.join(', ')}`, 1);
  return rows.map((r, i) => {
    if (r.length !== names.length) throw new CsvMalformedError(`${r.length} fields, the header has ${names.length}`, i + 2);
    return Object.fromEntries(names.map((n, j) => [n, r[j]!.trim()]));
  });
}
