import { Writable } from 'node:stream';
import { createProgressReporter } from './progress';

function captureStream(isTTY: boolean): { stream: Writable & { isTTY: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

describe('createProgressReporter', () => {
  it('prints one line per 10% when stderr is not a TTY', () => {
    const { stream, text } = captureStream(false);
    const reporter = createProgressReporter('rebuild statements', { stream, env: {} });
    for (let processed = 0; processed <= 1000; processed += 50) reporter.onProgress(processed, 1000);
    reporter.stop();
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('rebuild statements: 0% (0/1000 events)');
    expect(lines[3]).toBe('rebuild statements: 30% (300/1000 events)');
    expect(lines[10]).toBe('rebuild statements: 100% (1000/1000 events)');
  });

  it('prints plain lines on a TTY when CI is set, and a final line when stopped short of 100%', () => {
    const { stream, text } = captureStream(true);
    const reporter = createProgressReporter('catch-up', { stream, env: { CI: 'true' } });
    reporter.onProgress(5, 100);
    reporter.onProgress(7, 100);
    reporter.stop();
    expect(text()).toBe('catch-up: 5% (5/100 events)\ncatch-up: 7% (7/100 events)\n');
  });

  it('draws a cli-progress bar on an interactive terminal', () => {
    const { stream, text } = captureStream(true);
    Object.assign(stream, { cursorTo: () => true, clearLine: () => true, moveCursor: () => true, columns: 120 });
    const reporter = createProgressReporter('rebuild', { stream, env: {} });
    reporter.onProgress(10, 40);
    reporter.onProgress(40, 40);
    reporter.stop();
    expect(text()).toMatch(/rebuild \[.*\] 100% \| 40\/40 events/);
  });
});
