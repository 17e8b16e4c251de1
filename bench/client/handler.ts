/** What a bench child process serves: named async handlers, each able to emit timestamped events. */
export type Emit = (event: string, key: string, data: unknown) => void;
export type Handler = (args: unknown, emit: Emit) => Promise<unknown>;
export type Handlers = Record<string, Handler>;
