/**
 * Progress for long work: a bar on stderr when it is a terminal (cli-progress), nothing otherwise,
 * so logs and pipes stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {label} [{bar}] {percentage}% | {value}/{total}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let currentLabel = '';
  return {
    update(label, done, total) {
      const t = Math.max(total, done, 1);
      if (!started || label !== currentLabel) {
        if (started) bar.stop();
        bar.start(t, done, { label });
        started = true;
        currentLabel = label;
      } else {
        bar.setTotal(t);
        bar.update(done, { label });
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
