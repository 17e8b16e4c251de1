/**
 * Slows down password guessing, per account and per client address: after a
 * number of free failures a subject is locked out for a window that doubles
 * with each further failure (base delay, 2x, 4x ... up to the maximum). While
 * locked out, sign-in answers 429 with Retry-After without even checking the
 * password, so guessing costs the attacker time, not the server CPU. Kept in
 * PostgreSQL so that restarts and several server replicas share the count.
 * The per-address allowance is larger: an office behind one NAT address shares it.
 */
import type pg from 'pg';
import type { Settings } from '../config/settings.ts';

export type ThrottleSettings = Pick<
  Settings,
  'loginFreeAttempts' | 'loginFreeAttemptsPerAddress' | 'loginBaseDelayMs' | 'loginMaxDelayMs' | 'loginForgetAfterMs'
>;

export class LoginThrottle {
  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: ThrottleSettings,
  ) {}

  private account(email: string): string {
    return `account:${email.trim().toLowerCase()}`;
  }

  private address(ip: string): string {
    return `address:${ip}`;
  }

  /** Seconds until both the account and the address may try again; 0 when neither is locked out. */
  async waitSeconds(email: string, ip: string): Promise<number> {
    const { rows } = await this.pool.query<{ wait: number }>('SELECT crm.auth_throttle_wait($1::text[]) AS wait', [
      [this.account(email), this.address(ip)],
    ]);
    return rows[0]?.wait ?? 0;
  }

  async failed(email: string, ip: string): Promise<void> {
    const s = this.settings;
    const forget = `${Math.ceil(s.loginForgetAfterMs / 1000)} seconds`;
    await this.pool.query('SELECT crm.auth_throttle_fail($1, $2, $3, $4, $5::interval)', [
      this.account(email), s.loginFreeAttempts, s.loginBaseDelayMs, s.loginMaxDelayMs, forget,
    ]);
    await this.pool.query('SELECT crm.auth_throttle_fail($1, $2, $3, $4, $5::interval)', [
      this.address(ip), s.loginFreeAttemptsPerAddress, s.loginBaseDelayMs, s.loginMaxDelayMs, forget,
    ]);
  }

  /**
   * A right password clears the account's count. The address keeps its count
   * (it decays with time): one valid account must not reset guessing at others.
   */
  async succeeded(email: string): Promise<void> {
    await this.pool.query('SELECT crm.auth_throttle_clear($1)', [this.account(email)]);
  }
}
