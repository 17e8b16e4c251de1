/**
 * Error codes the server answers and the desktop acts on: spelled once, here,
 * so the two sides cannot drift apart.
 */

/** 401 to every request of a device an admin revoked and wiped (migration 0012): the desktop deletes that account's replica and token. */
export const DEVICE_WIPED = 'device_wiped';
