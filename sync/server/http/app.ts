/**
 * The HTTP service: fastify (kept by the Node.js core team's orbit, schema-free
 * routes fit our zod-everywhere rule, streaming replies, body limits and a
 * safe JSON parser built in). Every failure leaves as `{ error: { code,
 * message } }`: expected ones with their 4xx from HttpProblem or from fastify's
 * own parsing (malformed JSON, oversized body, wrong content type), anything
 * else as a 500 without internals; the log has the details.
 */
import cors from '@fastify/cors';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { activityRoutes } from '../admin/activity.route.ts';
import { deviceRoutes } from '../admin/devices.route.ts';
import { memberRoutes } from '../admin/members.route.ts';
import { loginRoutes } from '../auth/login.route.ts';
import { setupRoutes } from '../bootstrap/first-owner.ts';
import { historyRoutes } from '../history/history.route.ts';
import { mutationRoutes } from '../mutations/mutations.route.ts';
import { ELECTRIC_EXPOSED_HEADERS, shapeRoutes } from '../shape-route/shape.route.ts';
import { syncPlanRoutes } from '../shape-route/sync-plan.route.ts';
import { registerCompression } from './compression.ts';
import type { ServerContext } from './context.ts';
import { HttpProblem } from './problem.ts';

/** fastify's own 4xx errors, as our stable codes and messages. */
function fastifyProblem(err: FastifyError, maxBodyBytes: number): HttpProblem | undefined {
  const status = err.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpProblem(400, 'invalid_json', 'the body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'invalid_json', 'the body is empty although content-type says JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'body_too_large', `the body is larger than ${maxBodyBytes} bytes; send smaller batches`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'unsupported_media_type', 'send the body as JSON with content-type: application/json');
    default:
      // e.g. a JSON body with __proto__ keys (refused by fastify's parser), a bad content-length.
      return new HttpProblem(status, 'bad_request', err.message);
  }
}

export async function buildApp(ctx: ServerContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: ctx.settings.logLevel },
    bodyLimit: ctx.settings.maxBodyBytes,
    trustProxy: ctx.settings.trustProxy,
    return503OnClosing: true,
    // On stop, cut every connection (a long poll the access watch did not track, keep-alive
    // sockets): clients retry against the next server; waiting would hold a deploy for minutes.
    forceCloseConnections: true,
  });
  app.decorateRequest('session', null);
  app.decorateRequest('authEpoch', undefined);
  // JSON only: a text/plain body must not reach a route as a string (415 instead).
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const problem = err instanceof HttpProblem ? err : fastifyProblem(err, ctx.settings.maxBodyBytes);
    if (problem) {
      return reply.code(problem.status).headers(problem.headers).header('cache-control', 'no-store').send(problem.body());
    }
    request.log.error({ err }, 'request failed');
    return reply
      .code(500)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'internal', message: `internal error; the server log has the details (request ${request.id})` } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  await app.register(cors, {
    // Tokens travel in the Authorization header, never in cookies, so a foreign origin gains nothing it could not do anyway.
    origin: ctx.settings.corsOrigins === '*' ? true : ctx.settings.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'if-none-match', 'traceparent'],
    exposedHeaders: ELECTRIC_EXPOSED_HEADERS,
    maxAge: 86_400,
  });
  await registerCompression(app);

  app.get('/health', async (_request, reply) => {
    try {
      await ctx.pool.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ error: { code: 'database_unreachable', message: 'PostgreSQL does not answer' } });
    }
  });

  await app.register((scope) => setupRoutes(scope, ctx));
  await app.register((scope) => loginRoutes(scope, ctx));
  await app.register((scope) => mutationRoutes(scope, ctx));
  await app.register((scope) => shapeRoutes(scope, ctx));
  await app.register((scope) => syncPlanRoutes(scope, ctx));
  await app.register((scope) => historyRoutes(scope, ctx));
  await app.register((scope) => memberRoutes(scope, ctx));
  await app.register((scope) => deviceRoutes(scope, ctx));
  await app.register((scope) => activityRoutes(scope, ctx));
  return app;
}
