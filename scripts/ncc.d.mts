export function build(entry: string, outDir: string): Promise<void>;
