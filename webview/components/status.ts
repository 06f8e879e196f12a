import type { OperationStatus, OperationSummaryKind, ToolStatus } from '../../src/protocol';

export interface StatusLook {
  icon: string;
  label: string;
  /** CSS class that picks the theme colour. */
  tone: 'running' | 'ok' | 'bad' | 'muted';
  spin?: boolean;
}

export const operationStatusLook: Record<OperationStatus, StatusLook> = {
  queued: { icon: 'clock', label: 'Queued', tone: 'muted' },
  running: { icon: 'loading', label: 'Running', tone: 'running', spin: true },
  succeeded: { icon: 'pass-filled', label: 'Succeeded', tone: 'ok' },
  failed: { icon: 'error', label: 'Failed', tone: 'bad' },
  cancelled: { icon: 'circle-slash', label: 'Cancelled', tone: 'muted' },
  timedOut: { icon: 'watch', label: 'Timed out', tone: 'bad' },
};

/** `interrupted`: the operation ended while the tool was still going. */
export const toolStatusLook: Record<ToolStatus | 'interrupted', StatusLook> = {
  pending: { icon: 'circle-large-outline', label: 'Pending', tone: 'muted' },
  running: { icon: 'loading', label: 'Running', tone: 'running', spin: true },
  succeeded: { icon: 'check', label: 'Succeeded', tone: 'ok' },
  failed: { icon: 'error', label: 'Failed', tone: 'bad' },
  interrupted: { icon: 'circle-slash', label: 'Interrupted', tone: 'muted' },
};

export const kindLabel: Record<OperationSummaryKind, string> = { spec: 'Spec', plan: 'Plan', tasks: 'Tasks', task: 'Task' };

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export const basename = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
