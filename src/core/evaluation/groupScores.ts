/**
 * Task accuracies added up along a group tree (MMLU: subject → subcategory → category), as the AceGPT harness
 * does, to the bit: a leaf group's `average` is numpy's mean of its tasks' accuracies (pairwise summation), a
 * parent's is the left-to-right mean of its sub-groups' averages; `overall` is Σ nᵢ·accᵢ / Σ nᵢ over every task
 * below. Tasks without predictions are left out and listed in `missing`; a group with none scored is absent.
 */
import type { TaskScore } from './classMetrics';
import { pairwiseMean } from './pairwiseSum';

export interface GroupTree {
  [name: string]: readonly string[] | GroupTree;
}

export interface GroupScore {
  average: number;
  overall: number;
  /** Items scored below this group. */
  n: number;
  parent?: string;
  /** Member tasks (at any depth) that have no predictions. */
  missing?: string[];
}

export interface GroupResult {
  /** Every scored group, depth first, parents before their sub-groups. */
  groups: Record<string, GroupScore>;
  /** The averages of the scored top-level groups, in order. */
  topAverages: number[];
}

export function itemWeighted(scores: readonly TaskScore[]): number {
  let weighted = 0;
  let n = 0;
  for (const score of scores) {
    weighted += score.n * score.accuracy;
    n += score.n;
  }
  return weighted / n;
}

export function scoreGroups(tree: GroupTree, tasks: Readonly<Record<string, TaskScore>>): GroupResult {
  const groups: Record<string, GroupScore> = {};
  const topAverages: number[] = [];
  const visit = (name: string, node: readonly string[] | GroupTree, parent?: string) => {
    const key = name in groups ? `${parent}/${name}` : name;
    const entry: Partial<GroupScore> = {};
    groups[key] = entry as GroupScore; // placed now so parents come before their sub-groups
    let below: TaskScore[];
    const missing: string[] = [];
    let average: number | undefined;
    if (Array.isArray(node)) {
      below = node.filter((t) => tasks[t]).map((t) => tasks[t]);
      missing.push(...node.filter((t) => !tasks[t]));
      if (below.length) average = pairwiseMean(below.map((s) => s.accuracy));
    } else {
      below = [];
      const averages: number[] = [];
      for (const [childName, child] of Object.entries(node as GroupTree)) {
        const result = visit(childName, child, key);
        below.push(...result.below);
        missing.push(...result.missing);
        if (result.average !== undefined) averages.push(result.average);
      }
      if (averages.length) average = averages.reduce((sum, a) => sum + a, 0) / averages.length;
    }
    if (average === undefined) delete groups[key];
    else {
      Object.assign(entry, { average, overall: itemWeighted(below), n: below.reduce((sum, s) => sum + s.n, 0) });
      if (parent) entry.parent = parent;
      if (missing.length) entry.missing = missing;
    }
    return { below, missing, average };
  };
  for (const [name, node] of Object.entries(tree)) {
    const { average } = visit(name, node);
    if (average !== undefined) topAverages.push(average);
  }
  return { groups, topAverages };
}
