export function escapeToAscii(code: string, map: string | undefined, name?: string): { code: string; map: string | undefined };
