import type { JSX } from 'preact';

// JSX typings for the @vscode-elements components only the document editor uses (the shared ones
// are in ../elements.d.ts). Preact sets these as DOM properties: editor/main.tsx defines them first.
type El<T> = JSX.HTMLAttributes<HTMLElement> & T;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-checkbox': El<{ checked?: boolean; indeterminate?: boolean; disabled?: boolean; label?: string }>;
      'vscode-textfield': El<{ value?: string; placeholder?: string; disabled?: boolean; type?: string }>;
    }
  }
}
