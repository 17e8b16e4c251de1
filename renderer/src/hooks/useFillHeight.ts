/**
 * The height from an element's top to the bottom of the window, kept current
 * as the window or the content above it changes: a board sized to it scrolls
 * inside itself, so its column headers and its horizontal scroll bar stay in
 * view (a page scroll would carry both away).
 */
import { useLayoutEffect, useRef, useState } from 'react';

export function useFillHeight<T extends HTMLElement>(bottomGap = 16, min = 320) {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(min, Math.floor(window.innerHeight - top - bottomGap)));
    };
    measure();
    // What sits above the board (a toolbar that wraps, a banner) moves its top without a window resize.
    const observer = new ResizeObserver(measure);
    if (el.parentElement) observer.observe(el.parentElement);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [bottomGap, min]);
  return { ref, height };
}
