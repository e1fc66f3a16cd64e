/** Text put into Markdown (a tooltip, a hover) as itself: no link, emphasis, HTML or heading can come from it. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&$]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

/** The first line of a run's tooltip: its id in bold and its state, both escaped (they come from a run folder). */
export function runTooltipHeader(run: { id: string; state: string }): string {
  return `**${escapeMarkdown(run.id)}** — ${escapeMarkdown(run.state)}`;
}
