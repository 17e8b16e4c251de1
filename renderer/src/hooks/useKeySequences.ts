/**
 * Two-key shortcuts ("g" then "o" goes to Organizations), ignored while typing
 * in a field. Single keys are left to Mantine's useHotkeys.
 */
import { useEffect } from 'react';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (TYPING.has(el.tagName) || el.isContentEditable));
}

export function useKeySequences(
  prefix: string,
  handlers: Record<string, () => void>,
  enabled = true,
): void {
  useEffect(() => {
    if (!enabled) return;
    let armed = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const now = Date.now();
      if (armed && now - armed < 1200) {
        armed = 0;
        const h = handlers[e.key.toLowerCase()];
        if (h) {
          e.preventDefault();
          h();
        }
        return;
      }
      if (e.key === prefix) armed = now;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prefix, handlers, enabled]);
}
