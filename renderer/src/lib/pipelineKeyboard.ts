/**
 * Keyboard dragging on the pipeline board: with a card picked up (Space),
 * Left/Right jump to the previous/next stage column instead of nudging the
 * card a few pixels, so a move is one key press per stage.
 */
import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

export const columnCoordinates: KeyboardCoordinateGetter = (
  event,
  { context, currentCoordinates },
) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (!step) return undefined;
  event.preventDefault();
  const columns = [...context.droppableRects.entries()].sort((a, b) => a[1].left - b[1].left);
  const overId = context.over?.id;
  let index = columns.findIndex(([id]) => id === overId);
  if (index < 0) {
    index = columns.findIndex(
      ([, r]) => currentCoordinates.x >= r.left - 1 && currentCoordinates.x <= r.left + r.width,
    );
  }
  const next = columns[index + step];
  if (!next) return currentCoordinates;
  return { x: next[1].left + 8, y: Math.max(next[1].top + 48, currentCoordinates.y) };
};
