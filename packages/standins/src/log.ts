import type { Log } from '@tandem/kit';

export interface RecordingLog extends Log {
  lines: Array<{ level: 'info' | 'warning' | 'debug'; message: string }>;
  text(level?: 'info' | 'warning' | 'debug'): string;
}

export function recordingLog(): RecordingLog {
  const lines: RecordingLog['lines'] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    text: (level) => lines.filter((line) => !level || line.level === level).map((line) => line.message).join('\n'),
  };
}
