import type * as Acp from '@agentclientprotocol/sdk';

export type AcpModule = typeof Acp;
export type { Acp };

let loaded: Promise<AcpModule> | undefined;

/**
 * The ACP SDK is ESM only. A dynamic import works from the CommonJS extension bundle and from
 * tests run through tsx's CommonJS hook alike (the runner loads execa the same way), and keeps
 * the SDK off the activation path until an ACP agent actually runs.
 */
export function loadAcp(): Promise<AcpModule> {
  loaded ??= import('@agentclientprotocol/sdk');
  return loaded;
}
