/** The modifier key as this computer labels it: ⌘ on a Mac, Ctrl elsewhere. */
export const MOD_KEY =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Moves focus to the first field showing an error (after React has rendered the messages). */
export function focusFirstInvalid(): void {
  setTimeout(() => {
    const el = document.querySelector<HTMLElement>(
      '[role="dialog"] [aria-invalid="true"], main [aria-invalid="true"]',
    );
    el?.focus();
  }, 0);
}
