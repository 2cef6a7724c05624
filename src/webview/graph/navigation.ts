/**
 * Where the arrow keys go from a node: Right to the nearest node it feeds (an edge from it) on its
 * right, Left to the nearest node feeding it on its left, Up and Down to the nearest node above or below in the same
 * layer (or, when the layer has none, the nearest above or below among the connected nodes). Home
 * and End go to the first and last node in reading order. Pure, on the layout.
 */
import type { GraphLayout, NodeBox } from './layout';
import { readingOrder } from './layout';

export type Direction = 'left' | 'right' | 'up' | 'down' | 'first' | 'last';

function centre(box: NodeBox): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function nearest(from: NodeBox, candidates: NodeBox[]): NodeBox | null {
  const c = centre(from);
  let best: NodeBox | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const box of candidates) {
    const p = centre(box);
    // Vertical distance counts more: Right from a node goes to the box level with it first.
    const distance = Math.abs(p.y - c.y) * 2 + Math.abs(p.x - c.x);
    if (distance < bestDistance || (distance === bestDistance && best !== null && box.id < best.id)) {
      best = box;
      bestDistance = distance;
    }
  }
  return best;
}

export function neighbour(layout: GraphLayout, id: string, direction: Direction): string | null {
  const boxes = new Map(layout.nodes.map((box) => [box.id, box]));
  const from = boxes.get(id);
  if (!from) return null;
  const order = readingOrder(layout.nodes);
  if (direction === 'first') return order[0]?.id ?? null;
  if (direction === 'last') return order[order.length - 1]?.id ?? null;
  const shown = (other: string): NodeBox | undefined => boxes.get(other);
  if (direction === 'right' || direction === 'left') {
    const ends = layout.edges
      .map((route) =>
        direction === 'right' ? (route.edge.from === id ? route.edge.to : null) : route.edge.to === id ? route.edge.from : null,
      )
      .filter((other): other is string => other !== null && other !== id)
      .map(shown)
      .filter((box): box is NodeBox => box !== undefined);
    // Prefer the ends that lie that way (a step's params sit above it, in its own layer: Up reaches them).
    const c = centre(from).x;
    const ahead = ends.filter((box) => (direction === 'right' ? centre(box).x > c : centre(box).x < c));
    return nearest(from, ahead.length > 0 ? ahead : ends)?.id ?? null;
  }
  const c = centre(from);
  const sign = direction === 'down' ? 1 : -1;
  const beyond = (box: NodeBox): boolean => (centre(box).y - c.y) * sign > 0;
  const column = layout.nodes.filter((box) => box.id !== id && beyond(box) && box.x < from.x + from.width && box.x + box.width > from.x);
  if (column.length > 0) return nearest(from, column)?.id ?? null;
  const connected = new Set(layout.edges.flatMap((r) => (r.edge.from === id ? [r.edge.to] : r.edge.to === id ? [r.edge.from] : [])));
  const linked = layout.nodes.filter((box) => connected.has(box.id) && beyond(box));
  return nearest(from, linked)?.id ?? null;
}
