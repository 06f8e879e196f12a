/** A spinner line on stderr (TTY only) that is cleared before anything else is printed. */
export class ProgressLine {
  private frame = 0;
  private shown = false;
  private readonly started = Date.now();
  private static readonly FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

  constructor(private readonly out: NodeJS.WriteStream, private readonly enabled: boolean) {}

  show(text: string): void {
    if (!this.enabled) return;
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    this.frame = (this.frame + 1) % ProgressLine.FRAMES.length;
    this.out.write(`\r\x1b[2K${ProgressLine.FRAMES[this.frame]} ${text} · ${secs}s`);
    this.shown = true;
  }

  clear(): void {
    if (!this.enabled || !this.shown) return;
    this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
