/** Where the tab keeps the token after taking it out of the address bar, so a reload still connects. */
export const TOKEN_KEY = 'specwright.token';

/** The two calls of the Web Storage API used here (sessionStorage in the page, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TokenPlace {
  /** `location.hash`, e.g. `#token=…`. */
  hash: string;
  storage?: KeyValueStorage;
  /** Removes the fragment from the address bar (history.replaceState), so it is not shared by copying the URL. */
  clearHash: () => void;
}

/**
 * The server hands the token over once, in the URL fragment (browsers never send fragments to a
 * server or in a Referer). It moves to sessionStorage: that tab only, gone when the tab closes.
 */
export function takeToken(place: TokenPlace): string | undefined {
  // Some openers percent-encode the fragment (`token%3D…`); a token is base64url, so decoding is safe.
  const fromHash = new URLSearchParams(safeDecode(place.hash.replace(/^#/, ''))).get('token') ?? undefined;
  if (fromHash) {
    try { place.storage?.setItem(TOKEN_KEY, fromHash); } catch { /* storage disabled: the token lives until reload */ }
    place.clearHash();
    return fromHash;
  }
  try {
    return place.storage?.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The socket's address: `ws` beside the page, on the page's own origin. Beside, not `/ws`, so a
 * page reached through a forwarding proxy's path prefix (code-server's `/proxy/<port>/`) opens
 * its socket through the same prefix; served at `/` or `/index.html` that is `/ws`.
 */
export function socketUrl(location: { protocol: string; host: string; pathname?: string }): string {
  const path = location.pathname || '/';
  const folder = path.slice(0, path.lastIndexOf('/') + 1) || '/';
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${folder}ws`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
