export const MOTO_ZYGOTE: string;
export function startZygote(python: string, dir: string, follow: string): Promise<string | undefined>;
