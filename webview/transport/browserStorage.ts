import type { KeyValueStorage } from './token';
import type { UiStorage } from './types';

const STATE_KEY = 'specwright.ui';

/** The browser's counterpart of the webview state: per tab, survives a reload, gone with the tab. */
export function browserStorage(storage: KeyValueStorage | undefined): UiStorage {
  return {
    load: () => {
      try {
        const raw = storage?.getItem(STATE_KEY);
        return raw ? (JSON.parse(raw) as unknown) : undefined;
      } catch {
        return undefined;
      }
    },
    save: (state) => {
      try {
        storage?.setItem(STATE_KEY, JSON.stringify(state));
      } catch {
        // Over quota or disabled: the next reload replays from the host instead.
      }
    },
  };
}
