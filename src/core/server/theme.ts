/**
 * Outside VS Code nobody defines the `--vscode-*` colours the UI is styled with: these are VS Code's
 * Dark Modern and Light Modern values for the tokens the bundle uses, picked by the OS preference.
 */
export const THEME_CSS = `:root {
  color-scheme: dark;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif;
  --vscode-font-size: 13px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  --vscode-editor-font-size: 13px;
  --vscode-editor-font-weight: normal;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-errorForeground: #f85149;
  --vscode-icon-foreground: #cccccc;
  --vscode-focusBorder: #0078d4;
  --vscode-contrastBorder: transparent;
  --vscode-sideBar-background: #181818;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-panel-border: #2b2b2b;
  --vscode-widget-border: #313131;
  --vscode-widget-shadow: rgba(0, 0, 0, 0.36);
  --vscode-editorWidget-border: #454545;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textLink-activeForeground: #4daafc;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textBlockQuote-border: #616161;
  --vscode-toolbar-hoverBackground: rgba(90, 93, 94, 0.31);
  --vscode-list-hoverBackground: #2a2d2e;
  --vscode-list-hoverForeground: #cccccc;
  --vscode-list-activeSelectionBackground: #04395e;
  --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-list-inactiveSelectionForeground: #cccccc;
  --vscode-list-focusOutline: #0078d4;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-border: rgba(255, 255, 255, 0.07);
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-activityBarBadge-background: #0078d4;
  --vscode-activityBarBadge-foreground: #ffffff;
  --vscode-progressBar-background: #0078d4;
  --vscode-input-placeholderForeground: #989898;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-inputValidation-infoBackground: #063b49;
  --vscode-inputValidation-infoBorder: #007acc;
  --vscode-settings-textInputBackground: #313131;
  --vscode-settings-textInputForeground: #cccccc;
  --vscode-settings-textInputBorder: #3c3c3c;
  --vscode-settings-dropdownBackground: #313131;
  --vscode-settings-dropdownForeground: #cccccc;
  --vscode-settings-dropdownBorder: #3c3c3c;
  --vscode-settings-dropdownListBorder: #454545;
  --vscode-testing-iconPassed: #73c991;
  --vscode-diffEditor-insertedTextBackground: rgba(156, 204, 44, 0.2);
  --vscode-diffEditor-removedTextBackground: rgba(255, 0, 0, 0.2);
  --vscode-gitDecoration-addedResourceForeground: #81b88b;
  --vscode-gitDecoration-modifiedResourceForeground: #e2c08d;
  --vscode-gitDecoration-deletedResourceForeground: #c74e39;
  --vscode-gitDecoration-renamedResourceForeground: #73c991;
}
@media (prefers-color-scheme: light) {
  :root {
    color-scheme: light;
    --vscode-foreground: #3b3b3b;
    --vscode-descriptionForeground: #3b3b3b;
    --vscode-errorForeground: #f85149;
    --vscode-icon-foreground: #3b3b3b;
    --vscode-sideBar-background: #f8f8f8;
    --vscode-editor-background: #ffffff;
    --vscode-editor-foreground: #3b3b3b;
    --vscode-panel-border: #e5e5e5;
    --vscode-widget-border: #e5e5e5;
    --vscode-widget-shadow: rgba(0, 0, 0, 0.16);
    --vscode-editorWidget-border: #c8c8c8;
    --vscode-editorWarning-foreground: #bf8803;
    --vscode-textLink-foreground: #005fb8;
    --vscode-textLink-activeForeground: #005fb8;
    --vscode-textCodeBlock-background: #f0f0f0;
    --vscode-list-hoverBackground: #f2f2f2;
    --vscode-list-hoverForeground: #3b3b3b;
    --vscode-list-inactiveSelectionBackground: #e4e6f1;
    --vscode-list-inactiveSelectionForeground: #3b3b3b;
    --vscode-button-secondaryBackground: #e5e5e5;
    --vscode-button-secondaryForeground: #3b3b3b;
    --vscode-button-secondaryHoverBackground: #cccccc;
    --vscode-badge-background: #cccccc;
    --vscode-badge-foreground: #3b3b3b;
    --vscode-inputValidation-errorBackground: #f2dede;
    --vscode-inputValidation-infoBackground: #d6ecf2;
    --vscode-settings-textInputBackground: #ffffff;
    --vscode-settings-textInputForeground: #3b3b3b;
    --vscode-settings-textInputBorder: #cecece;
    --vscode-settings-dropdownBackground: #ffffff;
    --vscode-settings-dropdownForeground: #3b3b3b;
    --vscode-settings-dropdownBorder: #cecece;
    --vscode-diffEditor-insertedTextBackground: rgba(156, 204, 44, 0.25);
    --vscode-diffEditor-removedTextBackground: rgba(255, 0, 0, 0.2);
    --vscode-gitDecoration-addedResourceForeground: #587c0c;
    --vscode-gitDecoration-modifiedResourceForeground: #895503;
    --vscode-gitDecoration-deletedResourceForeground: #ad0707;
    --vscode-gitDecoration-renamedResourceForeground: #007100;
  }
}
html, body { height: 100%; margin: 0; }
body.web-ui {
  background: var(--vscode-sideBar-background);
  color: var(--vscode-foreground);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
}
body.web-ui #root { max-width: 960px; height: 100%; margin: 0 auto; }
`;
