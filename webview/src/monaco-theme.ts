// Monaco reads no CSS variables, so its theme is built from the computed --vscode-* colours of the
// webview and rebuilt whenever VS Code switches theme (the body's class and style change).
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';

const COLORS: Record<string, string> = {
  'editor.background': '--vscode-editor-background',
  'editor.foreground': '--vscode-editor-foreground',
  'editorLineNumber.foreground': '--vscode-editorLineNumber-foreground',
  'editor.selectionBackground': '--vscode-editor-selectionBackground',
  'editorCursor.foreground': '--vscode-editorCursor-foreground',
  'editorWidget.background': '--vscode-editorWidget-background',
  'editorSuggestWidget.background': '--vscode-editorSuggestWidget-background',
  'editorSuggestWidget.foreground': '--vscode-editorSuggestWidget-foreground',
  'editorSuggestWidget.selectedBackground': '--vscode-editorSuggestWidget-selectedBackground',
  'editorError.foreground': '--vscode-editorError-foreground',
  focusBorder: '--vscode-focusBorder',
};

/** A colour Monaco accepts (#rrggbb or #rrggbbaa) from a computed CSS value, or undefined. */
function hexOf(value: string): string | undefined {
  const v = value.trim();
  if (/^#[0-9a-f]{3,8}$/i.test(v)) return v.length === 4 ? '#' + [...v.slice(1)].map((c) => c + c).join('') : v;
  const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(v);
  if (!m) return undefined;
  const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0');
  return `#${hex(+m[1])}${hex(+m[2])}${hex(+m[3])}${m[4] === undefined ? '' : hex(+m[4] * 255)}`;
}

function base(): monaco.editor.BuiltinTheme {
  const cls = document.body.classList;
  if (cls.contains('vscode-high-contrast-light')) return 'hc-light';
  if (cls.contains('vscode-high-contrast')) return 'hc-black';
  return cls.contains('vscode-light') ? 'vs' : 'vs-dark';
}

function applyTheme(): void {
  const style = getComputedStyle(document.documentElement);
  const colors: Record<string, string> = {};
  for (const [key, variable] of Object.entries(COLORS)) {
    const hex = hexOf(style.getPropertyValue(variable));
    if (hex) colors[key] = hex;
  }
  monaco.editor.defineTheme('rpa-vscode', { base: base(), inherit: true, rules: [], colors });
  monaco.editor.setTheme('rpa-vscode');
}

export function followVsCodeTheme(): void {
  applyTheme();
  new MutationObserver(applyTheme).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
}
