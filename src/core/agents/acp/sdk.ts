import type * as Acp from '@agentclientprotocol/sdk';
import * as acpClient from './acpClient';

/** Specwright's ACP client (./acpClient.ts); the message types are the ACP SDK's. */
export type AcpModule = typeof acpClient;
export type { Acp };

/**
 * The ACP client, as acpRun and acpProbe load it. It was the ESM-only ACP SDK, imported on first
 * use; Specwright's own client is small enough to be part of the bundle, and this stays the one
 * place that says which client is used.
 */
export function loadAcp(): Promise<AcpModule> {
  return Promise.resolve(acpClient);
}
