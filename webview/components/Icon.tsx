interface IconProps {
  name: string;
  spin?: boolean;
  class?: string;
  /** Spoken text; without it the icon is decorative and hidden from screen readers. */
  label?: string;
}

/** A codicon from the codicon.css the host page links. */
export function Icon({ name, spin, class: extra, label }: IconProps) {
  const cls = `codicon codicon-${name}${spin ? ' codicon-modifier-spin' : ''}${extra ? ` ${extra}` : ''}`;
  return label ? <span class={cls} role="img" aria-label={label} title={label} /> : <span class={cls} aria-hidden="true" />;
}
