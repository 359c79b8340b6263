/** A minimal SSE client over node:http for the feed tests (EventSource-style parsing). */
import * as http from 'node:http';

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

export interface SseConnection {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly messages: SseMessage[];
  readonly comments: string[];
  /** Resolves when `condition` holds (checked on every chunk); rejects after the timeout. */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function openSse(baseUrl: string, pathAndQuery: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}${pathAndQuery}`, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const listeners = new Set<() => void>();
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          let event: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) messages.push({ id, event, data: data.join('\n') });
        }
        for (const listener of [...listeners]) listener();
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        messages,
        comments,
        until: (condition, timeoutMs = 3000) =>
          new Promise<void>((done, fail) => {
            if (condition()) return done();
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`SSE condition not met in ${timeoutMs} ms (${messages.length} messages, comments: ${comments.join(' | ')})`));
            }, timeoutMs);
            const check = (): void => {
              if (!condition()) return;
              clearTimeout(timer);
              listeners.delete(check);
              done();
            };
            listeners.add(check);
          }),
        close: () => request.destroy(),
      });
    });
    request.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}
