/**
 * The sync server as the bench runs it: `npm run server` itself (main.ts),
 * forked with an IPC channel whose only job is to notice the bench going
 * away: then the server stops as on SIGTERM (and stops its PostgreSQL), so
 * even a bench killed with -9 leaves no database running.
 */
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
await import('../sync/server/main.ts');
