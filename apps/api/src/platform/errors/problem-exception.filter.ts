import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem';
import { problemFor } from './problem-for';

/** Global filter: every error leaves as `application/problem+json` (RFC 9457). */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(exception, request, reply);
  }
}

/** Writes the problem for `exception`; also used for errors Fastify answers before Nest (frameworkErrors). */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const { problem, headers, log } = problemFor(exception);
    if (log) request.log.error({ err: exception }, `request failed: ${problem.title}`);

    if (reply.sent || reply.raw.headersSent) {
      // A streaming response (the SSE feed) already started: all we can do is close it.
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    const body: Problem = { ...problem, instance: request.url.split('?')[0], correlationId: String(request.id) };
    void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
