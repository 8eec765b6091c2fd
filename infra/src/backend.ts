// The back end: a VPC over two zones, the image repository, the ECS cluster with the web service
// behind the load balancer (and a worker when the app has one), PostgreSQL on RDS, the media
// bucket and the log groups. Names follow `<app>-<environment>` so the deploy role can be scoped
// to them and the workflows can be told them.
import { Aws, CfnParameter, Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from './nag.js';
import { Construct } from 'constructs';
import { lifecyclePolicy } from '@tandem/image';
import type { EnvironmentConfig } from './config.js';

/** The web service's name, and its container's: ECS_SERVICE, and what a promotion checks served. */
export const WEB_SERVICE = 'web';
/** build-push-django-image's default `untagged-expiry-days`: the same lifecycle it gives a repository it creates. */
export const UNTAGGED_EXPIRY_DAYS = 14;
/** gunicorn's graceful_timeout in examples/django (25 s), plus time for the last responses. */
export const DEREGISTRATION_DELAY_SECONDS = 30;
const DATABASE_NAME = 'app';
const DATABASE_USER = 'app';

export interface BackendProps {
  config: EnvironmentConfig;
  siteOrigin: string;
  logs: s3.IBucket;
}

export interface DeployedService {
  service: ecs.FargateService;
  family: string;
  logGroup: logs.LogGroup;
}

export class Backend extends Construct {
  readonly repository: ecr.Repository;
  readonly cluster: ecs.Cluster;
  readonly web: DeployedService;
  readonly worker?: DeployedService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly database: rds.DatabaseInstance;
  readonly databaseUrl: secretsmanager.Secret;
  readonly mediaBucket: s3.Bucket;
  readonly taskRole: iam.Role;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: BackendProps) {
    super(scope, id);
    const { config } = props;
    const name = Stack.of(this).stackName;

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(), trafficType: ec2.FlowLogTrafficType.REJECT } },
    });

    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: name,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The image action's own policy, as text: tagged images (every release) are never expired.
    (this.repository.node.defaultChild as ecr.CfnRepository).lifecyclePolicy = { lifecyclePolicyText: lifecyclePolicy(UNTAGGED_EXPIRY_DAYS) };

    this.mediaBucket = new s3.Bucket(this, 'Media', {
      bucketName: config.buckets.media,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logs,
      serverAccessLogsPrefix: `s3/${config.buckets.media}/`,
      // Browsers upload straight to S3 with presigned URLs from the site's pages.
      cors: [{ allowedOrigins: [props.siteOrigin], allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.POST], allowedHeaders: ['*'], exposedHeaders: ['ETag'], maxAge: 3000 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const databaseGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', { vpc, description: `${name} database`, allowAllOutbound: false });
    this.database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseGroup],
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, { secretName: `${name}/database` }),
      storageEncrypted: true,
      multiAz: config.multiAz,
      backupRetention: Duration.days(7),
      deletionProtection: true,
      cloudwatchLogsExports: ['postgresql'],
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    const credentials = this.database.secret!;
    // DATABASE_URL, with the password resolved by CloudFormation into a secret of its own and
    // handed to the containers as a secret: it never appears in a task definition's environment.
    // RDS's generated passwords leave out the characters a URL would need to escape.
    const password = SecretValue.secretsManager(credentials.secretArn, { jsonField: 'password' }).unsafeUnwrap();
    this.databaseUrl = new secretsmanager.Secret(this, 'DatabaseUrl', {
      secretName: `${name}/database-url`,
      description: `DATABASE_URL of ${name}`,
      secretStringValue: SecretValue.unsafePlainText(
        `postgres://${DATABASE_USER}:${password}@${this.database.dbInstanceEndpointAddress}:${this.database.dbInstanceEndpointPort}/${DATABASE_NAME}`,
      ),
    });
    const djangoSecretKey = new secretsmanager.Secret(this, 'DjangoSecretKey', {
      secretName: `${name}/django-secret-key`,
      generateSecretString: { passwordLength: 64, excludeCharacters: '"\'\\' },
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', { clusterName: name, vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    this.executionRole = new iam.Role(this, 'ExecutionRole', { roleName: `${name}-execution`, assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    this.taskRole = new iam.Role(this, 'TaskRole', { roleName: `${name}-task`, assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    // Django's storage reads, writes and deletes uploads; nothing else in the account.
    this.taskRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.mediaBucket.bucketArn] }));
    this.taskRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [this.mediaBucket.arnForObjects('*')] }));

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', { vpc, internetFacing: true, idleTimeout: Duration.seconds(60), dropInvalidHeaderFields: true });
    const appGroup = new ec2.SecurityGroup(this, 'AppSecurityGroup', { vpc, description: `${name} tasks` });
    appGroup.connections.allowFrom(this.loadBalancer, ec2.Port.tcp(config.containerPort), 'the load balancer');
    databaseGroup.addIngressRule(appGroup, ec2.Port.tcp(5432), 'the app');

    // No image exists before the first deploy: the services start with no task, and the first
    // run of deploy.yml registers the real task definition (see the README's "Set up AWS").
    const desiredCount = new CfnParameter(Stack.of(this), 'WebDesiredCount', {
      type: 'Number',
      default: 0,
      minValue: 0,
      description: 'Tasks of the web service: 0 until the first deploy has pushed an image, then raise it',
    });
    const container = (family: string, logGroup: logs.LogGroup): ecs.ContainerDefinitionOptions => ({
      image: ecs.ContainerImage.fromEcrRepository(this.repository, 'bootstrap'),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: family }),
      environment: {
        AWS_STORAGE_BUCKET_NAME: this.mediaBucket.bucketName,
        AWS_S3_REGION_NAME: Aws.REGION,
        ALLOWED_HOSTS: this.loadBalancer.loadBalancerDnsName,
        CSRF_TRUSTED_ORIGINS: props.siteOrigin,
      },
      secrets: {
        DATABASE_URL: ecs.Secret.fromSecretsManager(this.databaseUrl),
        SECRET_KEY: ecs.Secret.fromSecretsManager(djangoSecretKey),
      },
      // gunicorn's graceful timeout, and a little more, before ECS kills the container.
      stopTimeout: Duration.seconds(DEREGISTRATION_DELAY_SECONDS),
    });
    const service = (id: string, role: string, count: number, command?: string[]): DeployedService => {
      const family = `${name}-${role}`;
      const logGroup = new logs.LogGroup(this, `${id}Logs`, { logGroupName: `/ecs/${family}`, retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
      const task = new ecs.FargateTaskDefinition(this, `${id}Task`, { family, cpu: 512, memoryLimitMiB: 1024, taskRole: this.taskRole, executionRole: this.executionRole });
      const main = task.addContainer(role, { ...container(family, logGroup), command });
      if (role === WEB_SERVICE) main.addPortMappings({ containerPort: config.containerPort });
      const fargate = new ecs.FargateService(this, id, {
        serviceName: role,
        cluster: this.cluster,
        taskDefinition: task,
        desiredCount: count,
        securityGroups: [appGroup],
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        circuitBreaker: { enable: true, rollback: true },
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
      });
      return { service: fargate, family, logGroup };
    };
    this.web = service('Web', WEB_SERVICE, desiredCount.valueAsNumber);
    if (config.workerCommand) this.worker = service('Worker', 'worker', desiredCount.valueAsNumber, config.workerCommand);

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      port: config.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.web.service.loadBalancerTarget({ containerName: WEB_SERVICE, containerPort: config.containerPort })],
      deregistrationDelay: Duration.seconds(DEREGISTRATION_DELAY_SECONDS),
      healthCheck: { path: config.healthPath, healthyHttpCodes: '200', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
    });
    if (config.certificateArn) {
      this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [elbv2.ListenerCertificate.fromArn(config.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [this.targetGroup],
      });
      this.loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }) });
    } else {
      this.loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [this.targetGroup] });
    }

    NagSuppressions.addResourceSuppressions(this.loadBalancer, [
      { id: 'AwsSolutions-ELB2', reason: "Access logs need the region's ELB account in the log bucket's policy, which an environment-agnostic template cannot name; turn them on per region." },
      { id: 'AwsSolutions-EC23', reason: 'The load balancer is the public entry of the web site: it listens to everyone on 80 (and 443).' },
    ], true);
    NagSuppressions.addResourceSuppressions(this.database, [
      { id: 'AwsSolutions-RDS11', reason: 'Only the app security group reaches the database, in isolated subnets; a non-default port adds nothing.' },
      ...(config.multiAz ? [] : [{ id: 'AwsSolutions-RDS3', reason: 'Multi-AZ is the multiAz setting of the environment, off here (a small or staging environment).' }]),
    ], true);
    NagSuppressions.addResourceSuppressions(this.taskRole, [
      { id: 'AwsSolutions-IAM5', reason: 'Uploads have any key in the media bucket: the objects of that one bucket, nothing else.', appliesTo: [`Resource::<${Stack.of(this).getLogicalId(this.mediaBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`] },
    ], true);
    NagSuppressions.addResourceSuppressions(this.executionRole, [
      { id: 'AwsSolutions-IAM5', reason: 'ecr:GetAuthorizationToken, which pulling the image needs, has no resource to scope it to.', appliesTo: ['Resource::*'] },
    ], true);
    NagSuppressions.addResourceSuppressions([this.database.node.findChild('Secret'), this.databaseUrl, djangoSecretKey], [
      { id: 'AwsSolutions-SMG4', reason: 'Rotation needs a Lambda function, which this template leaves out so it deploys anywhere CloudFormation does; rotate by updating the stack.' },
    ], true);
    for (const deployed of [this.web, this.worker]) {
      if (!deployed) continue;
      NagSuppressions.addResourceSuppressions(deployed.service.taskDefinition, [
        { id: 'AwsSolutions-ECS2', reason: 'The plain environment holds names only (bucket, region, hosts); DATABASE_URL and SECRET_KEY come from Secrets Manager.' },
      ], true);
    }
  }
}
