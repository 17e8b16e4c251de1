// What main/core and the sync client need (SQLite, Node, pg, Electron) resolves here, to nothing,
// when the renderer's typecheck runs: a renderer file that pulls in the core, or any channel
// module beside the contract, fails to compile. See tsconfig.json "paths".
export {};
