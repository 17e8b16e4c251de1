/**
 * The first-start state every route may read. Its own file because the
 * request context (http/context.ts) holds it and the setup route
 * (first-owner.ts) is given that context: neither may import the other.
 */
export interface SetupState {
  /** The pending one-time setup code, or null once there is an owner. */
  code: string | null;
}
