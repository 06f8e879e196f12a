/** What the core needs from the user's settings; each shell (VS Code, CLI) fills it its own way. */
export interface CoreSettings {
  /** 'auto' picks Copilot when it is installed, else the offline scaffold. */
  agent: string;
  timeoutMinutes: number;
  copilotPath?: string;
  customCommand?: string;
  customArgs: string[];
}

export const DEFAULT_SETTINGS: CoreSettings = {
  agent: 'auto',
  timeoutMinutes: 10,
  customArgs: ['{prompt}'],
};
