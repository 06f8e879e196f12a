import type { JSX } from 'preact';

// JSX typings for the @vscode-elements web components the UI uses. Preact sets these as DOM
// properties, because main.tsx defines the elements before the first render.
type El<T> = JSX.HTMLAttributes<HTMLElement> & T;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': El<{ secondary?: boolean; disabled?: boolean; icon?: string; iconSpin?: boolean; iconOnly?: boolean; block?: boolean }>;
      'vscode-textarea': El<{
        value?: string;
        placeholder?: string;
        rows?: number;
        resize?: 'both' | 'horizontal' | 'vertical' | 'none';
        disabled?: boolean;
        label?: string;
        monospace?: boolean;
      }>;
      'vscode-single-select': El<{ value?: string; disabled?: boolean; label?: string }>;
      'vscode-option': El<{ value?: string; description?: string; disabled?: boolean; selected?: boolean }>;
      'vscode-badge': El<{ variant?: 'default' | 'counter' | 'activity-bar-counter' | 'tab-header-counter' }>;
      'vscode-progress-ring': El<Record<never, never>>;
    }
  }
}
