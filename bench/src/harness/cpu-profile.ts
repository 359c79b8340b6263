/** Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, hottest first. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './child';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileEntry {
  /** "function (file:line)". */
  readonly frame: string;
  readonly selfMs: number;
  readonly selfPercent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly top: readonly ProfileEntry[];
  /** Self time grouped by where the code lives: ours (libs/projections), node_modules, node internals, native/GC. */
  readonly byArea: Readonly<Record<string, number>>;
}

export function summarizeProfile(file: string, top: number): ProfileSummary {
  return summarizeCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

export function summarizeCpuProfile(profile: CpuProfile, top: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  const areaUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    totalUs += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : 'native';
    const frame = `${functionName || '(anonymous)'} (${where})`;
    selfUs.set(frame, (selfUs.get(frame) ?? 0) + delta);
    const area = areaOf(url, functionName);
    areaUs.set(area, (areaUs.get(area) ?? 0) + delta);
  });
  const entries = [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, us]) => ({ frame, selfMs: Math.round(us / 100) / 10, selfPercent: Math.round((us / totalUs) * 1000) / 10 }));
  const byArea = Object.fromEntries(
    [...areaUs].sort((a, b) => b[1] - a[1]).map(([area, us]) => [area, Math.round((us / totalUs) * 1000) / 10]),
  );
  return { totalMs: Math.round(totalUs / 1000), top: entries, byArea };
}

function shortUrl(url: string): string {
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  return path.startsWith('/') ? relative(REPO_ROOT, path) : path;
}

function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native (SQLite, JSON, …)';
  const path = shortUrl(url);
  if (path.includes('node_modules/')) return `node_modules/${path.split('node_modules/')[1]?.split('/')[0] ?? '?'}`;
  if (path.startsWith('node:')) return 'node internals';
  const top = path.split('/').slice(0, 2).join('/');
  return top;
}
