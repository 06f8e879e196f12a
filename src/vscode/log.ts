import * as vscode from 'vscode';

/** The "Specwright" log channel (Show Log); agent stderr and host errors land here. */
export const createLog = (): vscode.LogOutputChannel => vscode.window.createOutputChannel('Specwright', { log: true });
