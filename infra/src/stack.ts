// One environment of the app, from an empty account to what deploy.yml and rollback.yml need.
import { Aws, CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from './nag.js';
import { Construct } from 'constructs';
import { Backend, WEB_SERVICE } from './backend.js';
import { stackName, type EnvironmentConfig } from './config.js';
import { DeployRole } from './deploy-role.js';
import { Site } from './site.js';

/** The stack's outputs: exactly the variables the workflows read, by the same names. */
export const WORKFLOW_VARIABLES = ['AWS_ROLE_ARN', 'AWS_REGION', 'FRONTEND_BUCKET', 'DISTRIBUTION_ID', 'ECR_REPOSITORY', 'ECS_CLUSTER', 'ECS_SERVICE', 'DEPLOY_LOCK_BUCKET'] as const;
/** Set only when the stack has what they name: the worker service, when the app has a worker. */
export const OPTIONAL_WORKFLOW_VARIABLES = ['ECS_WORKER_SERVICE'] as const;

export interface TandemStackProps extends StackProps {
  /** The environment named by config.promoteFrom, whose resources' names the deploy role reads. */
  promoteSource?: EnvironmentConfig;
}

export class TandemStack extends Stack {
  readonly site: Site;
  readonly backend: Backend;
  readonly deployRole: DeployRole;

  constructor(scope: Construct, readonly config: EnvironmentConfig, { promoteSource, ...props }: TandemStackProps = {}) {
    const name = stackName(config);
    // Environment-agnostic (no account or region: the template deploys to any), and no
    // bootstrap stack to check: the template is deployed as it is, by CloudFormation alone.
    super(scope, name, { ...props, stackName: name, synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });

    const logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(logs, [{ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' }]);

    this.site = new Site(this, 'Site', { bucketName: config.buckets.site, logs });
    const siteOrigin = `https://${this.site.distribution.distributionDomainName}`;
    this.backend = new Backend(this, 'Backend', { config, siteOrigin, logs });

    const locks = new s3.Bucket(this, 'DeployLocks', {
      bucketName: config.buckets.locks,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: `s3/${config.buckets.locks}/`,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const { backend } = this;
    if (config.promoteFrom && promoteSource?.environment !== config.promoteFrom.environment) {
      throw new Error(`${name}: promoteFrom names ${config.promoteFrom.environment}, but its environment was not given to the stack`);
    }
    // The source stack names its resources as this one does: repository and cluster after the
    // stack, the web service web. promote.yml's PROMOTE_FROM_* come from the source stack's own
    // outputs (variables.ts --promote-from), which know its region for certain.
    const promoteFrom = config.promoteFrom && promoteSource && {
      region: config.promoteFrom.region ?? Aws.REGION,
      siteBucket: promoteSource.buckets.site,
      repository: stackName(promoteSource),
      cluster: stackName(promoteSource),
      service: WEB_SERVICE,
    };
    const services = [backend.web, backend.worker].flatMap((deployed) =>
      deployed ? [{ name: deployed.service.serviceName, family: deployed.family, logGroup: deployed.logGroup.logGroupName }] : [],
    );
    this.deployRole = new DeployRole(this, 'Deploy', {
      roleName: `${name}-deploy`,
      repository: config.repository,
      environment: config.environment,
      oidcProviderArn: config.oidcProviderArn,
      names: {
        region: Aws.REGION,
        account: Aws.ACCOUNT_ID,
        siteBucket: this.site.bucket.bucketName,
        mediaBucket: backend.mediaBucket.bucketName,
        lockBucket: locks.bucketName,
        distributionId: this.site.distribution.distributionId,
        repository: backend.repository.repositoryName,
        cluster: backend.cluster.clusterName,
        services,
        taskRole: backend.taskRole.roleName,
        executionRole: backend.executionRole.roleName,
        databaseSecret: `${name}/database-url`,
        promoteFrom,
      },
    });

    const outputs: Record<(typeof WORKFLOW_VARIABLES)[number], string> = {
      AWS_ROLE_ARN: this.deployRole.role.roleArn,
      AWS_REGION: Aws.REGION,
      FRONTEND_BUCKET: this.site.bucket.bucketName,
      DISTRIBUTION_ID: this.site.distribution.distributionId,
      ECR_REPOSITORY: backend.repository.repositoryName,
      ECS_CLUSTER: backend.cluster.clusterName,
      ECS_SERVICE: backend.web.service.serviceName,
      DEPLOY_LOCK_BUCKET: locks.bucketName,
    };
    const optional: Partial<Record<(typeof OPTIONAL_WORKFLOW_VARIABLES)[number], string>> = backend.worker ? { ECS_WORKER_SERVICE: backend.worker.service.serviceName } : {};
    for (const [variable, value] of Object.entries({ ...outputs, ...optional })) new CfnOutput(this, variable, { value, description: `GitHub environment variable ${variable}` });
  }
}
