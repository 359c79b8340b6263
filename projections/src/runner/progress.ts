/**
 * Progress display for catch-ups and rebuilds run from the CLI. On an interactive terminal
 * (stderr is a TTY and `CI` is not set) it draws a cli-progress bar; otherwise it prints one plain
 * line each time another 10% is done, so logs stay short and readable.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { ProgressCallback } from './projection-runner';

export interface ProgressReporter {
  /** Pass to `runUntilCaughtUp` / `rebuild` as `onProgress`. */
  readonly onProgress: ProgressCallback;
  /** Ends the bar (or prints the final line). */
  stop(): void;
}

export interface ProgressReporterOptions {
  /** Default process.stderr. */
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** What is counted ("events" by default; "rows" for imports, "actions" for the demo). */
  readonly unit?: string;
  /** Default process.env (only `CI` is read). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function createProgressReporter(label: string, options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const interactive = stream.isTTY === true && !env['CI'];
  const unit = options.unit ?? 'events';
  return interactive ? barReporter(label, unit, stream) : lineReporter(label, unit, stream);
}

function barReporter(label: string, unit: string, stream: NodeJS.WritableStream): ProgressReporter {
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  let total = 0;
  return {
    onProgress: (processed, estimate) => {
      if (!started) {
        started = true;
        total = estimate;
        bar.start(estimate, processed);
        return;
      }
      if (estimate !== total) {
        total = estimate;
        bar.setTotal(estimate);
      }
      bar.update(processed);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function lineReporter(label: string, unit: string, stream: NodeJS.WritableStream): ProgressReporter {
  let lastTenth = -1;
  let last: { processed: number; total: number } | null = null;
  const print = (processed: number, total: number): void => {
    const percent = total > 0 ? Math.min(100, Math.floor((processed * 100) / total)) : 100;
    stream.write(`${label}: ${percent}% (${processed}/${total} ${unit})\n`);
  };
  return {
    onProgress: (processed, total) => {
      last = { processed, total };
      const tenth = total > 0 ? Math.min(10, Math.floor((processed * 10) / total)) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        print(processed, total);
      }
    },
    stop: () => {
      if (last !== null && lastTenth < 10) print(last.processed, last.total);
    },
  };
}
