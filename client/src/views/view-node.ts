// What the RPA Sessions view shows, as plain data (no `vscode` import, so mocha tests it without VS
// Code): every item's label, description, tooltip, codicon, context value and children.

/** A codicon with an optional theme colour id ("testing.iconPassed"). */
export interface NodeIcon {
  id: string;
  color?: string;
}

export type NodeKind = 'folder' | 'section' | 'bot' | 'bot-detail' | 'limit-bound' | 'deployment' | 'run' | 'session-group' | 'session' | 'message';

export interface ViewNode {
  /** Stable across refreshes (VS Code keeps expansion and selection by it). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: NodeIcon;
  /** What the view's menus match on (`viewItem == …`). */
  contextValue?: string;
  children?: ViewNode[];
  /** Shown expanded the first time (children only). */
  expanded?: boolean;
  /** The workspace folder (URI string) the node belongs to. */
  folderUri: string;
  /** Set on bot, deployment and bot-detail nodes. */
  bot?: string;
  /** Set on run and deployment nodes (and session groups of a run). */
  run?: string;
  /** The .rpa file declaring the run (file URI), for Run / Deploy. */
  runUri?: string;
  /** Set on session nodes. */
  sessionId?: string;
}
