// The thin VS Code side of the RPA Sessions view: turns the plain nodes of tree-model.ts into tree
// items, and redraws when the data changes or a cleanup countdown shown in the view ticks over.
import * as vscode from 'vscode';
import type { SessionsViewData } from './view-data';
import type { ViewNode } from './view-node';

export class SessionsTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ViewNode[] = [];
  /** Each shown node's parent (roots have none), for TreeView.reveal. */
  private parents = new Map<ViewNode, ViewNode>();
  private tick: NodeJS.Timeout | undefined;

  constructor(private readonly data: SessionsViewData) {}

  /** Rebuilds the nodes from the data and schedules the next countdown redraw. */
  redraw(): void {
    const now = Date.now();
    this.roots = this.data.tree(now);
    this.parents = new Map();
    const link = (parent: ViewNode) => parent.children?.forEach((child) => (this.parents.set(child, parent), link(child)));
    this.roots.forEach(link);
    clearTimeout(this.tick);
    const wait = this.data.nextTick(now);
    this.tick = wait === undefined ? undefined : setTimeout(() => this.redraw(), wait + 50);
    this.changed.fire(undefined);
  }

  getChildren(node?: ViewNode): ViewNode[] {
    return node ? (node.children ?? []) : this.roots;
  }

  getParent(node: ViewNode): ViewNode | undefined {
    return this.parents.get(node);
  }

  /** The first shown node that `matches`, depth first. */
  find(matches: (node: ViewNode) => boolean): ViewNode | undefined {
    const search = (nodes: readonly ViewNode[]): ViewNode | undefined => {
      for (const node of nodes) {
        const found = matches(node) ? node : search(node.children ?? []);
        if (found) return found;
      }
      return undefined;
    };
    return search(this.roots);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const state = !node.children?.length
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    return item;
  }

  dispose(): void {
    clearTimeout(this.tick);
    this.changed.dispose();
  }
}
