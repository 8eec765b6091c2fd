import * as core from '@actions/core';
import { rm } from 'node:fs/promises';
import type { ActionContext, Log } from '@tandem/kit';

/** The step's state that names the Docker config the run logged in with. */
export const CONFIG_STATE = 'dockerConfig';

/** The post step: the job's Docker config holds the registry login; it goes with the job. */
export function post(context: ActionContext): Promise<void> {
  return cleanUp(core.getState(CONFIG_STATE), context.log);
}

export async function cleanUp(configDir: string, log: Log): Promise<void> {
  if (!configDir) return;
  await rm(configDir, { recursive: true, force: true });
  log.info(`Removed the Docker config ${configDir}`);
}
