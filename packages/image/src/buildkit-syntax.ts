// Dockerfile syntax that only BuildKit builds. Without buildx, `docker build` is the classic
// builder on Docker Engine 20.10 and earlier, and on later engines where the plugin is missing:
// it builds every step up to the first such instruction and stops there ("the --mount option
// requires BuildKit"). Found before the build, the step is refused before any AWS call.

/** Flags the classic builder does not know, by instruction (COPY --from and --chown it does). */
const BUILDKIT_FLAGS: Record<string, string[]> = {
  RUN: ['mount', 'network', 'security'],
  COPY: ['link', 'chmod', 'exclude', 'parents'],
  ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'exclude'],
};

export interface BuildKitOnly {
  /** The instruction's first line, from 1. */
  line: number;
  /** What only BuildKit builds, as written: `RUN --mount`, or `a heredoc (RUN <<EOF)`. */
  what: string;
}

interface Instruction {
  line: number;
  text: string;
}

/** The escape character of the `# escape=` parser directive, if the file starts with one. */
function escapeOf(lines: string[]): string {
  for (const line of lines) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) return '\\';
    if (directive[1].toLowerCase() === 'escape') return directive[2] === '`' ? '`' : '\\';
  }
  return '\\';
}

/** Logical instructions: continuation lines joined, comments and empty lines within them dropped. */
function instructions(lines: string[], escape: string): Instruction[] {
  const found: Instruction[] = [];
  let current: Instruction | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continues = trimmed.endsWith(escape);
    const part = continues ? trimmed.slice(0, -1) : trimmed;
    current = current ? { line: current.line, text: `${current.text} ${part}` } : { line: index + 1, text: part };
    if (!continues) {
      found.push(current);
      current = undefined;
    }
  });
  if (current) found.push(current);
  return found;
}

/** The first instruction only BuildKit builds, or undefined when the classic builder can build them all. */
export function buildKitOnly(dockerfile: string): BuildKitOnly | undefined {
  const lines = dockerfile.split(/\r?\n/);
  for (const { line, text } of instructions(lines, escapeOf(lines))) {
    const [, keyword = '', rest = ''] = /^(\w+)\s*(.*)$/.exec(text) ?? [];
    const instruction = keyword.toUpperCase();
    const flags = BUILDKIT_FLAGS[instruction];
    if (!flags) continue;
    for (const token of rest.split(/\s+/)) {
      const flag = /^--([a-z-]+)(=|$)/.exec(token)?.[1];
      if (flag === undefined) break;
      if (flags.includes(flag)) return { line, what: `${instruction} --${flag}` };
    }
    // A heredoc: <<EOF (or <<-EOF, <<"EOF") whose delimiter ends a later line. A shell's <<< is not one.
    const heredoc = /(?:^|[^<])<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(rest);
    if (heredoc && lines.slice(line).some((later) => later.trim() === heredoc[2])) return { line, what: `a heredoc (${instruction} <<${heredoc[2]})` };
  }
  return undefined;
}
