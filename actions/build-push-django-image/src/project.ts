import { ConfigurationError } from '@tandem/kit';
import { describeProject, findManagePy, renderDockerfile } from '@tandem/image';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Inputs } from './inputs.js';

// Where the project is: the build context, the Dockerfile (given, default, or generated) and
// manage.py. Everything a user can get wrong here fails before any AWS call.

export interface Project {
  context: string;
  dockerfile: string;
  generated: boolean;
  /** manage.py relative to the image's working directory, when the checks run. */
  managePy?: string;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function locateProject(inputs: Inputs, workspace: string, scratch: string, templatePath: string): Promise<Project> {
  const context = resolve(workspace, inputs.context);
  if (!(await isDirectory(context))) throw new ConfigurationError(`'${inputs.context}' is not a folder (resolved to ${context})`, 'context');

  const found = inputs.managePy || (await findManagePy(context));
  const generated = inputs.dockerfile === 'generate';
  let dockerfile: string;
  if (generated) {
    if (!found) throw new ConfigurationError(`no manage.py in ${context}: dockerfile: generate builds a Django project`, 'dockerfile');
    const project = await describeProject(context, found);
    if (typeof project === 'string') throw new ConfigurationError(`cannot generate a Dockerfile: ${project}`, 'dockerfile');
    const template = await readFile(templatePath, 'utf8');
    dockerfile = join(scratch, 'Dockerfile');
    await writeFile(dockerfile, renderDockerfile(template, project, basename(context)));
  } else {
    dockerfile = inputs.dockerfile ? resolve(workspace, inputs.dockerfile) : join(context, 'Dockerfile');
    if (!(await isFile(dockerfile))) {
      // As docker/build-push-action's file, the path is from the workspace, not from the context.
      const inContext = inputs.dockerfile && !isAbsolute(inputs.dockerfile) ? join(context, inputs.dockerfile) : undefined;
      const meant = inContext && inContext !== dockerfile && (await isFile(inContext)) ? relative(workspace, inContext) : undefined;
      throw new ConfigurationError(
        meant
          ? `${dockerfile} does not exist: the path is from the workspace, not from the context; give ${meant}`
          : `${dockerfile} does not exist: set dockerfile to its path, or dockerfile: generate for a production Dockerfile`,
        'dockerfile',
      );
    }
  }

  if (inputs.djangoChecks && !found) {
    throw new ConfigurationError(`no manage.py in ${context}: set manage-py to its path in the image, or django-checks: false`, 'django-checks');
  }
  // A generated Dockerfile works in manage.py's folder; a user's is assumed to copy the context to its WORKDIR.
  const managePy = found && generated ? 'manage.py' : found;
  return { context, dockerfile, generated, managePy: inputs.djangoChecks ? managePy : undefined };
}
