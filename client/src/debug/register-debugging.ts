// Wires the `rpa` debugger into VS Code: its configurations (F5, launch.json, the Run and Debug view's
// list), the in-process adapter on the folder's runtime, and hover evaluation in .rpa files.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { DEBUG_TYPE, RpaDebugConfigurations } from './debug-configurations';
import { InlineDebugAdapterFactory } from './inline-adapter';
import { evaluatableExpressions } from './selector-hover';

export function registerDebugging(ctx: Ctx): void {
  const configurations = new RpaDebugConfigurations(ctx.runtimes, ctx.output);
  ctx.push(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurations));
  ctx.push(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurations, vscode.DebugConfigurationProviderTriggerKind.Dynamic));
  ctx.push(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineDebugAdapterFactory(ctx.runtimes)));
  ctx.push(vscode.languages.registerEvaluatableExpressionProvider('rpa', evaluatableExpressions));
}
