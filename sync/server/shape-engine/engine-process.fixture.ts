/**
 * Runs an engine and its HTTP listener in a child process so a test can kill it without
 * warning (SIGKILL). Configured by environment; prints `{"url": ...}` once listening.
 */
import { z } from 'zod';
import { startShapeHttpServer } from './http-server.ts';
import { ShapeEngine } from './shape-engine.ts';

const env = z
  .object({
    SHAPES_DATABASE_URL: z.string(),
    SHAPES_DATA_DIR: z.string(),
    SHAPES_SLOT: z.string(),
    SHAPES_PUBLICATION: z.string(),
    SHAPES_SECRET: z.string(),
  })
  .parse(process.env);

const engine = await ShapeEngine.start({
  databaseUrl: env.SHAPES_DATABASE_URL,
  dataDir: env.SHAPES_DATA_DIR,
  slotName: env.SHAPES_SLOT,
  publicationName: env.SHAPES_PUBLICATION,
  longPollTimeoutMs: 1500,
});
const http = await startShapeHttpServer(engine, { secret: env.SHAPES_SECRET });
process.stdout.write(`${JSON.stringify({ url: http.url })}\n`);
