/**
 * The failure of a task as its CodeLens shows it: the first line, at most `max` characters (cut
 * at a word when one is near), so Retry / Skip / Show changes stay on screen; the whole text is
 * the lens's tooltip.
 */
export function shortReason(text: string, max = 40): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:—-]+$/, '')}…`;
}
