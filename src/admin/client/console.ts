/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The console's only script, an enhancement: every page works without it. It copies secrets and the
// Tenant URL to the clipboard, and keeps the provisioning log's table live (it fetches the same page
// from this console every few seconds and swaps the table). It talks to no other host.
const LIVE_MS = 3000

function copyButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.addEventListener('click', () => {
      const input = document.getElementById(button.dataset['copy'] ?? '') as HTMLInputElement | null
      if (!input) return
      void navigator.clipboard?.writeText(input.value).then(() => {
        button.textContent = 'Copied'
      })
      input.select()
    })
  }
}

/** Regions marked data-live (the log's causes and entries) follow the server while the page is open. */
function liveLog(): void {
  const regions = [...document.querySelectorAll<HTMLElement>('[data-live]')]
  if (regions.length === 0 || new URL(location.href).searchParams.has('before')) return
  const refresh = async (): Promise<void> => {
    if (document.hidden) return
    const response = await fetch(location.href, { credentials: 'same-origin' })
    if (!response.ok) return
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html')
    for (const region of regions) {
      const next = fresh.querySelector(`[data-live="${region.dataset['live'] ?? ''}"]`)
      if (next && next.innerHTML !== region.innerHTML) region.innerHTML = next.innerHTML
    }
  }
  setInterval(() => void refresh().catch(() => undefined), LIVE_MS)
}

copyButtons()
liveLog()
