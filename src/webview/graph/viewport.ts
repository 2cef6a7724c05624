/**
 * Zoom and pan as plain arithmetic on a viewport `{ x, y, k }`: a point p of the drawing shows at
 * `k * p + (x, y)` on the canvas. Pure, so the page and the unit tests share it.
 */
import type { GraphViewport } from './protocol';

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 4;
/** Room kept around the drawing when it is fitted (px). */
export const FIT_PADDING = 16;
/** The step of the zoom buttons and the + and - keys. */
export const ZOOM_STEP = 1.25;

export interface Size {
  width: number;
  height: number;
}

function clampScale(k: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, k));
}

/** The whole drawing in view and centred, never magnified beyond 100%. */
export function fitViewport(drawing: Size, canvas: Size): GraphViewport {
  if (drawing.width <= 0 || drawing.height <= 0 || canvas.width <= 0 || canvas.height <= 0) return { x: 0, y: 0, k: 1 };
  const k = clampScale(Math.min(1, (canvas.width - 2 * FIT_PADDING) / drawing.width, (canvas.height - 2 * FIT_PADDING) / drawing.height));
  return { x: (canvas.width - drawing.width * k) / 2, y: (canvas.height - drawing.height * k) / 2, k };
}

/** Below this scale a whole-drawing fit is unreadable (12px text at under 6px). */
export const READABLE_SCALE = 0.5;
/** The scale a drawing too long to fit readably starts at. */
export const START_SCALE = 0.8;

/**
 * Where a drawing starts: fitted whole when that stays readable; else its beginning (the left,
 * where the pipeline starts) at a readable scale, vertically centred, for the user to pan along
 * (Fit shows it whole).
 */
export function startViewport(drawing: Size, canvas: Size): GraphViewport {
  const whole = fitViewport(drawing, canvas);
  if (whole.k >= READABLE_SCALE) return whole;
  const k = Math.max(whole.k, Math.min(START_SCALE, (canvas.height - 2 * FIT_PADDING) / drawing.height));
  return { x: FIT_PADDING, y: (canvas.height - drawing.height * k) / 2, k };
}

/** Scales by `factor` keeping the canvas point `at` still (the pointer, or the canvas centre). */
export function zoomAt(view: GraphViewport, factor: number, at: { x: number; y: number }): GraphViewport {
  const k = clampScale(view.k * factor);
  const ratio = k / view.k;
  return { x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio, k };
}

export function panBy(view: GraphViewport, dx: number, dy: number): GraphViewport {
  return { x: view.x + dx, y: view.y + dy, k: view.k };
}

/** The smallest pan that brings `box` (drawing coordinates) fully into view, with a margin. */
export function revealBox(
  view: GraphViewport,
  box: { x: number; y: number; width: number; height: number },
  canvas: Size,
  margin = 24,
): GraphViewport {
  const left = view.x + box.x * view.k;
  const top = view.y + box.y * view.k;
  const right = left + box.width * view.k;
  const bottom = top + box.height * view.k;
  const dx = right > canvas.width - margin ? canvas.width - margin - right : 0;
  const dy = bottom > canvas.height - margin ? canvas.height - margin - bottom : 0;
  // The box's left and top edges win over its right and bottom ones when it is larger than the canvas.
  const fx = left + dx < margin ? margin - left : dx;
  const fy = top + dy < margin ? margin - top : dy;
  return panBy(view, fx, fy);
}

/** Whether any part of the drawing shows on the canvas (a viewport restored from an older graph may show nothing). */
export function showsDrawing(view: GraphViewport, drawing: Size, canvas: Size): boolean {
  const left = view.x;
  const top = view.y;
  const right = view.x + drawing.width * view.k;
  const bottom = view.y + drawing.height * view.k;
  return right > 0 && bottom > 0 && left < canvas.width && top < canvas.height;
}

export function isViewport(value: unknown): value is GraphViewport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return [v['x'], v['y'], v['k']].every((n) => typeof n === 'number' && Number.isFinite(n)) && (v['k'] as number) > 0;
}
