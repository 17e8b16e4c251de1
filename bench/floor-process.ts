/**
 * The child process of the independent floor (forked by bench/ipc.ts): it
 * serves only bench/floor/handlers.ts, so no code of the desktop or the
 * server is even loaded in the process that measures the floor.
 */
import { serveChild } from './child-serve.ts';
import { independentFloorHandlers } from './floor/handlers.ts';

serveChild(independentFloorHandlers, async () => {});
