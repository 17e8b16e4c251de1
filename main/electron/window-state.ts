/** Remembers the window's size, position and maximized state between runs (validated when read). */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { z } from 'zod';

const windowState = z.object({
  bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(400), height: z.number().int().min(300) }).partial({ x: true, y: true }),
  maximized: z.boolean(),
});
type WindowState = z.infer<typeof windowState>;
const DEFAULT: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };

export async function loadWindowState(dir: string): Promise<WindowState> {
  try {
    return windowState.parse(JSON.parse(await readFile(path.join(dir, 'window-state.json'), 'utf8')));
  } catch {
    return DEFAULT;
  }
}

export function trackWindowState(win: BrowserWindow, dir: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
      void writeFile(path.join(dir, 'window-state.json'), JSON.stringify(state));
    }, 500);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', save);
}
