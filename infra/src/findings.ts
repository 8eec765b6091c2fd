import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

export interface Finding {
  level: string;
  path: string;
  message: string;
}

/**
 * cdk-nag's findings (and CDK's own warnings) left after the suppressions: what the aspects
 * wrote on the constructs during this synth. (Annotations.fromStack synthesizes again, without
 * the app's aspects, and would find nothing.)
 */
export function findings(artifact: CloudFormationStackArtifact): Finding[] {
  return artifact.messages
    .filter((message) => message.level === 'error' || message.level === 'warning')
    .map((message) => ({ level: message.level, path: message.id, message: String(message.entry.data).trim() }));
}
