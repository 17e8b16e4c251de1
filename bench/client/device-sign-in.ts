/**
 * Signs a bench live client in as a new device (light or poll-only). Every
 * sign-in is a deliberately slow scrypt on the server; one the network dropped
 * (a kept-alive socket the loaded server closed as it was reused) is tried
 * again, as a person would: the fleets measure live polls, not sign-in.
 */
import { randomUUID } from 'node:crypto';
import { SyncHttpError, type ServerApi } from '../../sync/client/server-link/server-api.ts';
import { sleep } from '../clock.ts';

export async function signInDevice(api: ServerApi, email: string, password: string, deviceName: string) {
  const device = { id: randomUUID(), name: deviceName, platform: 'linux' as const, app_version: 'bench' };
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.login({ email, password, device });
    } catch (err) {
      if (!(err instanceof SyncHttpError && err.code === 'network') || attempt >= 5) throw err;
      await sleep(500 * attempt);
    }
  }
}
