/**
 * Slows down password guessing, per account and per client address: after a
 * number of free failures a subject is locked out for a window that doubles
 * with each further failure (base delay, 2x, 4x ... up to the maximum). While
 * locked out, sign-in answers 429 with Retry-After without even checking the
 * password, so guessing costs the attacker time, not the server CPU. Kept in
 * PostgreSQL so that restarts and several server replicas share the count.
 * The per-address allowance is larger: an office behind one NAT address shares it.
 *
 * An attempt is reserved (counted as a failure) before the slow password
 * check, in one statement under a row lock, and given back when the password
 * was right: a burst of concurrent guesses gets exactly the allowance checked,
 * not every guess that arrived before the first failure was written.
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

  /**
   * Takes one attempt for the account and the address: 0 when it may go on
   * (and is counted as a failure until `succeeded`), else the seconds until
   * either may try again (nothing is counted).
   */
  async reserve(email: string, ip: string): Promise<number> {
    const s = this.settings;
    const { rows } = await this.pool.query<{ wait: number }>(
      'SELECT crm.auth_throttle_reserve($1::text[], $2::integer[], $3, $4, $5::interval) AS wait',
      [
        [this.account(email), this.address(ip)],
        [s.loginFreeAttempts, s.loginFreeAttemptsPerAddress],
        s.loginBaseDelayMs,
        s.loginMaxDelayMs,
        `${Math.ceil(s.loginForgetAfterMs / 1000)} seconds`,
      ],
    );
    return rows[0]?.wait ?? 0;
  }

  /** A wrong password was answered: a lockout its reservation started runs from now. */
  async failed(email: string, ip: string): Promise<void> {
    const s = this.settings;
    await this.pool.query('SELECT crm.auth_throttle_failed($1::text[], $2::integer[], $3, $4)', [
      [this.account(email), this.address(ip)],
      [s.loginFreeAttempts, s.loginFreeAttemptsPerAddress],
      s.loginBaseDelayMs,
      s.loginMaxDelayMs,
    ]);
  }

  /**
   * A right password clears the account's count and gives the address back
   * the attempt just reserved; the address keeps its earlier failures (they
   * decay with time): one valid account must not reset guessing at others.
   */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.pool.query('SELECT crm.auth_throttle_succeeded($1, $2, $3)', [
      this.account(email), this.address(ip), this.settings.loginFreeAttemptsPerAddress,
    ]);
  }
}
