/** The command ids of task runs (contributed in package.json). */
export const TASK_COMMANDS = {
  runTask: 'specwright.runTask',
  runAllReady: 'specwright.runAllReadyTasks',
  stopAll: 'specwright.stopAllTasks',
  stopTask: 'specwright.stopTask',
  retry: 'specwright.retryTask',
  skip: 'specwright.skipTask',
  resume: 'specwright.resumeTasks',
  showChanges: 'specwright.showTaskChanges',
  showConversation: 'specwright.showTaskConversation',
  exportOperation: 'specwright.exportOperation',
} as const;
