/** Minimal SGR colouring for the text report; a no-op painter when colour is off, so no escape code leaks. */
export interface Painter {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function painter(color: boolean): Painter {
  if (!color) {
    const same = (s: string) => s;
    return { red: same, green: same, yellow: same, bold: same, dim: same };
  }
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}
