/**
 * HTML comments in Markdown: what spec.md and tasks.md readers must not mistake for content.
 */

/** Blanks `<!-- … -->` spans (which may start or end on other lines), keeping every other character in place. */
export function maskComments(line: string, startsInComment: boolean): { visible: string; inComment: boolean } {
  let visible = '';
  let inComment = startsInComment;
  let i = 0;
  while (i < line.length) {
    if (inComment) {
      const close = line.indexOf('-->', i);
      const end = close < 0 ? line.length : close + 3;
      visible += ' '.repeat(end - i);
      i = end;
      if (close >= 0) inComment = false;
    } else {
      const open = line.indexOf('<!--', i);
      const end = open < 0 ? line.length : open;
      visible += line.slice(i, end);
      i = end;
      if (open >= 0) inComment = true;
    }
  }
  return { visible, inComment };
}
