/** Command-line options of the bench scripts. */

/** The positive integer after `--name` on the command line, or `fallback` when the option is absent. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer, not "${process.argv[i + 1]}"`);
  return v;
}
