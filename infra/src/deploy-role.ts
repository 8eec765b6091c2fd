// GitHub's OIDC provider (or the account's existing one) and the role deploy.yml and
// rollback.yml assume: trusted only by one repository's one GitHub environment, allowed exactly
// what the actions' least-privilege tests prove they need, on this stack's resources.
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from './nag.js';
import { Construct } from 'constructs';
import { deployStatements, type DeployNames } from './deploy-policy.js';
import { MAX_SESSION_SECONDS } from './session.js';

export const GITHUB_OIDC = 'token.actions.githubusercontent.com';

export interface DeployRoleProps {
  roleName: string;
  repository: string;
  environment: string;
  oidcProviderArn?: string;
  names: DeployNames;
}

export class DeployRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    // The L1 resource: the L2 OpenIdConnectProvider is a Lambda-backed custom resource.
    const providerArn =
      props.oidcProviderArn ??
      new iam.CfnOIDCProvider(this, 'GitHubOidc', {
        url: `https://${GITHUB_OIDC}`,
        clientIdList: ['sts.amazonaws.com'],
        // IAM no longer checks GitHub's thumbprint, but CloudFormation still wants one.
        thumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      }).attrArn;
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `Deploys ${props.repository} to its ${props.environment} environment (tandem-deploy)`,
      maxSessionDuration: Duration.seconds(MAX_SESSION_SECONDS),
      assumedBy: new iam.FederatedPrincipal(
        providerArn,
        {
          StringEquals: {
            [`${GITHUB_OIDC}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_OIDC}:sub`]: `repo:${props.repository}:environment:${props.environment}`,
          },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    for (const [action, statements] of Object.entries(deployStatements(props.names))) {
      const policy = new iam.ManagedPolicy(this, action, {
        description: `What ${action} needs (the policy its least-privilege tests run under)`,
        document: iam.PolicyDocument.fromJson({ Version: '2012-10-17', Statement: statements }),
        roles: [this.role],
      });
      NagSuppressions.addResourceSuppressions(policy, [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Each wildcard is the action's documented least privilege: object keys under the site, probe and lock prefixes, task-definition revisions of the family, log streams of the group, and the calls IAM cannot scope to a resource (ecr:GetAuthorizationToken, ecs:RegisterTaskDefinition, Describe*/List*).",
        },
      ]);
    }
  }
}
