import { readCsv, type CsvRecord } from './csv-reader';

async function parse(text: string, chunkSize = text.length || 1): Promise<CsvRecord[]> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  }
  const records: CsvRecord[] = [];
  for await (const r of readCsv(chunks())) records.push(r);
  return records;
}

describe('readCsv (RFC 4180)', () => {
  it('splits records on LF, CRLF and CR and fields on commas', async () => {
    expect(await parse('a,b,c\n1,2,3\r\n4,5,6\r7,8,9')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
      { line: 4, fields: ['7', '8', '9'] },
    ]);
  });

  it('keeps commas, escaped quotes and line breaks inside quoted fields, and numbers records by their first line', async () => {
    const text = 'id,note\r\n1,"a, ""quoted"" word"\r\n2,"two\r\nlines"\r\n3,""\r\n';
    expect(await parse(text)).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'a, "quoted" word'] },
      { line: 3, fields: ['2', 'two\r\nlines'] },
      { line: 5, fields: ['3', ''] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (streaming)', async () => {
    const text = '\uFEFFid,note\r\n1,"a ""b"" c"\r\n2,"x\ny",z\n\n3,last';
    const whole = await parse(text);
    expect(whole).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'a "b" c'] },
      { line: 3, fields: ['2', 'x\ny', 'z'] },
      { line: 6, fields: ['3', 'last'] },
    ]);
    for (let size = 1; size < text.length; size++) expect(await parse(text, size)).toEqual(whole);
  });

  it('skips empty lines and keeps empty fields', async () => {
    expect(await parse('a,,c\n\n\n,,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 4, fields: ['', '', ''] },
    ]);
  });

  it('reports text after a closing quote on that record only, and reading goes on', async () => {
    const records = await parse('"ab"c,d\n1,2\n');
    expect(records[0]).toEqual({ line: 1, fields: ['abc', 'd'], error: 'unexpected text after a closing quote (line 1)' });
    expect(records[1]).toEqual({ line: 2, fields: ['1', '2'] });
  });

  it('reports a quoted field left open at the end of the input', async () => {
    const records = await parse('a,b\n1,"never closed\n2,3\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'never closed\n2,3\n'], error: 'a quoted field opened on line 2 is never closed' },
    ]);
  });

  it('reads Buffers as UTF-8, also when a character spans two Buffers', async () => {
    const bytes = Buffer.from('name\nZürich AG\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of "ü"
    async function* chunks() {
      yield bytes.subarray(0, split);
      yield bytes.subarray(split);
    }
    const records: CsvRecord[] = [];
    for await (const r of readCsv(chunks())) records.push(r);
    expect(records.map((r) => r.fields[0])).toEqual(['name', 'Zürich AG']);
  });
});
