/** `alw env CONFIG`: the environment check a run makes before it starts, in words (or JSON). */
import { formatBytes } from '../../core/shared/formatBytes';
import type { EnvReport } from '../../protocol';
import { UsageError, type ParsedArgs } from '../args';
import { managerFor } from './run';

export const envHelp = `alw env CONFIG [--json] [--runs-dir DIR] [--python PATH]
  Check what a run of CONFIG would meet, without starting it: the Python and torch versions, the trainer,
  the devices and their memory, free disk where the run folder goes (--runs-dir), and the memory the config
  needs per device. Blocking problems are listed (alw run refuses to start with them). Exit 1 when there are
  blocking problems. --json prints the report as JSON (the EnvReport of src/protocol/runs.ts).`;

export async function envCommand(args: ParsedArgs): Promise<number> {
  const config = args.positional[0];
  if (!config) throw new UsageError('env needs a CONFIG file');
  const manager = managerFor(args);
  try {
    const report = await manager.envCheck(config);
    console.log(args.options.has('json') ? JSON.stringify(report, null, 2) : describeEnv(report));
    return report.problems.length ? 1 : 0;
  } finally {
    manager.dispose();
  }
}

export function describeEnv(report: EnvReport): string {
  const bytes = (n: number | null) => (n === null ? 'unknown' : formatBytes(n));
  const lines = [
    `Python   ${report.python ?? 'not found'}${report.pythonVersion ? ` (${report.pythonVersion})` : ''}`,
    `torch    ${report.torch ?? 'not installed'}; trainer ${report.trainerVersion ?? 'not installed'}`,
    ...report.devices.map((d, i) => `${i ? '         ' : 'Devices  '}${d.kind} ${d.name}: ${bytes(d.memoryBytes)}`),
    `Disk     ${bytes(report.freeDiskBytes)} free for the run folder`,
  ];
  const estimate = report.estimate;
  if (estimate) {
    const fits = estimate.fits === null ? 'device memory unknown' : estimate.fits ? 'fits' : 'does NOT fit';
    lines.push(`Memory   ${formatBytes(estimate.perDeviceBytes)} per device (${estimate.parameters.toLocaleString('en')} parameters, ${estimate.method}): ${fits}`);
    lines.push(`         ${estimate.explanation}`);
  }
  for (const [title, items] of [['Problems (the run will not start)', report.problems], ['Warnings', report.warnings]] as const) {
    if (items.length) lines.push(`${title}:`, ...items.map((p) => `  - ${p}`));
  }
  if (!report.problems.length) lines.push('Ready to run.');
  return lines.join('\n');
}
