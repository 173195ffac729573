// A progress bar on a terminal (cli-progress), never in a pipe or a file. Lines printed while it runs
// go above it.
import cliProgress from 'cli-progress'

export interface Progress {
  update(done: number, total: number): void
  /** Writes a line of output without tearing the bar. */
  line(text: string, write: (text: string) => void): void
  stop(): void
}

export function progressBar(stream: NodeJS.WriteStream, sharesTerminal: boolean): Progress {
  if (!stream.isTTY) return { update: () => {}, line: (text, write) => write(text), stop: () => {} }
  const bars = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: true,
      hideCursor: true,
      format: 'cycle [{bar}] {value}/{total} objects, {eta_formatted} left',
    },
    cliProgress.Presets.shades_classic,
  )
  let bar: cliProgress.SingleBar | undefined
  return {
    update(done, total) {
      if (!bar) bar = bars.create(total, done)
      else {
        bar.setTotal(total)
        bar.update(done)
      }
    },
    line(text, write) {
      if (sharesTerminal && bar) bars.log(`${text}\n`)
      else write(text)
    },
    stop() {
      bars.stop()
      bar = undefined
    },
  }
}
