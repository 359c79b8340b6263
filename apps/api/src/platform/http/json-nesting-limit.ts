/**
 * Refuses JSON bodies nested deeper than MAX_JSON_DEPTH with a 400 before they are parsed: no
 * command needs more than a few levels, and validation would otherwise recurse once per level.
 */
import type { FastifyInstance } from 'fastify';

export const MAX_JSON_DEPTH = 64;

/** True when `text` opens more than `max` nested objects/arrays (strings are skipped). */
export function exceedsJsonDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

export function limitJsonNesting(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (exceedsJsonDepth(body as string, MAX_JSON_DEPTH)) {
      const error = Object.assign(new Error(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 });
      done(error, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
