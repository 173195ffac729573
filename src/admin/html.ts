// The console's views are Preact components written with htm (tagged templates, no JSX build step),
// rendered to HTML on the server: every value is escaped by construction, and every page works
// without JavaScript. docs/architecture.md says why.
import type { ComponentChildren, VNode } from 'preact'
import { html } from 'htm/preact'
import { render } from 'preact-render-to-string'

export { html }
export type Node = ComponentChildren
export type { VNode }

export function page(node: Node): string {
  return `<!doctype html>${render(node as VNode)}`
}

/** `2026-12-01 10:42:07` (UTC). */
export function when(time: string | undefined): string {
  return time ? `${time.replace('T', ' ').slice(0, 19)}` : '—'
}
