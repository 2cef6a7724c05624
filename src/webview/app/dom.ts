/// <reference lib="dom" />
/**
 * A tiny element builder. Text always goes in as text nodes (never through innerHTML), so
 * nothing from the plan file or the workspace can become markup.
 */

export type Child = Node | string | number | null | undefined | false;

type Handler = (event: Event) => void;

export interface Props {
  class?: string | false | null;
  /** Handlers by event name: `on: { click: ... }`. */
  on?: Record<string, Handler>;
  /** Any other attribute: true sets it empty, false/null/undefined leaves it out. */
  [attribute: string]: string | number | boolean | null | undefined | Record<string, Handler>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value as Record<string, Handler>)) element.addEventListener(event, handler);
    } else if (name === 'class') {
      if (value) element.className = String(value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** A codicon, hidden from screen readers (the control around it carries the label). */
export function icon(name: string, extra = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}
