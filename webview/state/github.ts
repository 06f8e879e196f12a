import type { ServerMessage } from '../../src/protocol';
import type { UiState } from './types';

export const isGitHubMethod = (method: string): boolean => method.startsWith('github');

export function applyGitHubMessage(state: UiState, msg: Extract<ServerMessage, { type: 'github' }>): UiState {
  return { ...state, github: msg.status, githubActivity: msg.activity ?? state.githubActivity };
}

export function withGitHubResult(state: UiState, method: string, result: unknown): UiState {
  return { ...state, githubResults: { ...state.githubResults, [method]: result } };
}
