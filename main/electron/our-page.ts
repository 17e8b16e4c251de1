/**
 * "Our page" is the renderer's index.html, loaded from file:// into the main
 * frame of our one window. Only it may call channels, and no frame may be
 * navigated anywhere else. Plain shapes instead of Electron's classes, so the
 * rules are tested without the binary.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What these checks read of Electron's WebFrameMain. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** What they read of an IpcMainEvent / IpcMainInvokeEvent. */
export interface IpcSenderLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The renderer's index.html, with any #route (the router lives in the hash); no query, no host, nothing else. */
export function isOurPageUrl(url: string, indexFile: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || parsed.host !== '' || parsed.search !== '') return false;
  return path.resolve(fileURLToPath(parsed)) === path.resolve(indexFile);
}

/**
 * An IPC message counts only from our window's web contents, from its top frame
 * (a subframe, even one showing our own file, is not trusted), showing our page.
 */
export function isOurPage(event: IpcSenderLike, ourContents: unknown, indexFile: string): boolean {
  const frame = event.senderFrame;
  if (!ourContents || event.sender !== ourContents || !frame) return false;
  return frame.parent === null && isOurPageUrl(frame.url, indexFile);
}
