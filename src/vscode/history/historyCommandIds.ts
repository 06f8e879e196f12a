/** Commands of the spec history (History → Compare, stale tasks, drift). */
export const HISTORY_COMMANDS = {
  compareVersions: 'specwright.compareVersions',
  keepTaskAsIs: 'specwright.keepTaskAsIs',
  showTaskDrift: 'specwright.showTaskDrift',
} as const;
