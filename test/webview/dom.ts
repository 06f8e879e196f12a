import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { Window } from 'happy-dom';

type Loader = (module: { exports: unknown; _compile(code: string, file: string): void }, file: string) => void;

/**
 * A browser-like DOM (happy-dom) for rendering webview components under Node, installed as the
 * globals Preact and the components use. The components' `.tsx` files are compiled as the webview
 * bundle compiles them (JSX for Preact; tsx reads the root tsconfig, which has no JSX settings, for
 * tests and src), and their CSS imports load as nothing. Returns a function that takes it all away again.
 */
export function installDom(): () => void {
  const window = new Window({ url: 'http://localhost/', width: 800, height: 600 });
  const names = [
    'window', 'document', 'navigator', 'Node', 'Text', 'Element', 'HTMLElement', 'SVGElement', 'DocumentFragment',
    'Event', 'KeyboardEvent', 'InputEvent', 'MouseEvent', 'CustomEvent', 'FocusEvent', 'MutationObserver',
    'ResizeObserver', 'IntersectionObserver', 'requestAnimationFrame', 'cancelAnimationFrame', 'getComputedStyle',
    'customElements', 'matchMedia', 'localStorage', 'sessionStorage',
  ] as const;
  const globals = globalThis as Record<string, unknown>;
  const before = new Map<string, PropertyDescriptor | undefined>();
  const source = window as unknown as Record<string, unknown>;
  for (const name of names) {
    before.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    const value = typeof source[name] === 'function' && /^[a-z]/.test(name) ? (source[name] as (...a: unknown[]) => unknown).bind(window) : source[name];
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const extensions = require.extensions as unknown as Record<string, Loader | undefined>;
  const css = extensions['.css'];
  const tsx = extensions['.tsx'];
  extensions['.css'] = (module) => { module.exports = {}; };
  extensions['.tsx'] = (module, file) => {
    const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'tsx', jsx: 'automatic', jsxImportSource: 'preact', format: 'cjs', target: 'es2022', sourcefile: file, sourcemap: 'inline' });
    module._compile(code, file);
  };
  return () => {
    for (const [name, descriptor] of before) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globals[name];
    }
    for (const [ext, loader] of [['.css', css], ['.tsx', tsx]] as const) {
      if (loader) extensions[ext] = loader;
      else delete extensions[ext];
    }
    void window.happyDOM.close();
  };
}
