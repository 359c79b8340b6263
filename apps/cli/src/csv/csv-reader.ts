/**
 * A small streaming CSV reader (RFC 4180): comma-separated fields; a field quoted with `"` may
 * hold commas, line breaks and escaped quotes (`""`); records end with CRLF, LF or CR; a UTF-8
 * byte order mark at the start is skipped; empty lines are skipped. Written here rather than
 * added as a dependency: the format is a small state machine, and the importer needs each
 * record's starting line number for its report.
 *
 * A malformed record (text after a closing quote, or a quote left open at the end of the input)
 * is yielded with `error` set, so one bad row never stops an import.
 */
export interface CsvRecord {
  /** 1-based line number on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
  /** Set when the record is malformed; `fields` then holds what could be read. */
  readonly error?: string;
}

import { StringDecoder } from 'node:string_decoder';

type State = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted' | 'after-closing-quote';

export async function* readCsv(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let state: State = 'field-start';
  let fields: string[] = [];
  let field = '';
  let error: string | undefined;
  let line = 1;
  let recordLine = 1;
  let inRecord = false;
  let previousCr = false;
  let first = true;
  const decoder = new StringDecoder('utf8'); // a multi-byte character may span two Buffers

  const endRecord = (): CsvRecord => {
    fields.push(field);
    const record: CsvRecord = error === undefined ? { line: recordLine, fields } : { line: recordLine, fields, error };
    fields = [];
    field = '';
    error = undefined;
    inRecord = false;
    state = 'field-start';
    return record;
  };

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (const c of text) {
      const lfAfterCr = c === '\n' && previousCr;
      previousCr = c === '\r';
      if (lfAfterCr && !inRecord) continue; // the CR already ended the record (CRLF)
      const lineBreak = c === '\r' || (c === '\n' && !lfAfterCr);
      if (!inRecord) {
        if (lineBreak) {
          line++;
          continue; // empty line
        }
        inRecord = true;
        recordLine = line;
      }
      if (state === 'quote-in-quoted') {
        if (c === '"') {
          field += '"'; // escaped quote
          state = 'quoted';
          continue;
        }
        state = 'after-closing-quote';
      }
      if (state === 'quoted') {
        if (c === '"') state = 'quote-in-quoted';
        else field += c;
        if (lineBreak) line++;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        state = 'field-start';
      } else if (c === '\r' || c === '\n') {
        line++;
        yield endRecord();
      } else if (state === 'after-closing-quote') {
        error ??= `unexpected text after a closing quote (line ${line})`;
        field += c;
      } else if (c === '"' && state === 'field-start') {
        state = 'quoted';
      } else {
        field += c;
        state = 'unquoted';
      }
    }
  }
  if (inRecord) {
    if (state === 'quoted') error ??= `a quoted field opened on line ${recordLine} is never closed`;
    yield endRecord();
  }
}
