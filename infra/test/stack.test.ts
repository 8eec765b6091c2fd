import { Match } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INFRA_ROOT } from '../src/app.js';
import { DEREGISTRATION_DELAY_SECONDS, UNTAGGED_EXPIRY_DAYS } from '../src/backend.js';
import { lifecyclePolicy } from '@tandem/image';
import { OPTIONAL_WORKFLOW_VARIABLES, WORKFLOW_VARIABLES } from '../src/stack.js';
import { TEMPLATE_BODY_LIMIT } from '../src/template.js';
import { synthesize, type Synthesized } from './synth.js';

// One synth of the committed example (infra/environments.json), and one of an environment with
// a certificate, a worker and an existing OIDC provider, one of an app with no worker, and one of
// staging and a production that promotes from it.
let example: Synthesized;
let full: Synthesized;
let bare: Synthesized;
let promoted: Synthesized[];
beforeAll(() => {
  promoted = synthesize([
    { app: 'shop', environment: 'staging', repository: 'example/shop' },
    { app: 'shop', environment: 'production', repository: 'example/shop', promoteFrom: { environment: 'staging' } },
  ]);
  [example] = synthesize();
  [bare] = synthesize([{ app: 'shop', environment: 'bare', repository: 'example/shop' }]);
  [full] = synthesize([
    {
      app: 'shop',
      environment: 'staging',
      repository: 'example/shop',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      workerCommand: ['celery', '-A', 'shop', 'worker'],
      oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    },
  ]);
}, 300_000);

const resources = (s: Synthesized, type: string) => Object.values(s.template.findResources(type));

describe('the committed template', () => {
  test('is what the sources synthesize (CI: npm run synth -w infra, then git status)', () => {
    const committed = JSON.parse(readFileSync(join(INFRA_ROOT, 'template/shop-production.template.json'), 'utf8'));
    expect(example.json).toEqual(committed);
  });

  test('fits the 51,200 bytes CloudFormation takes as a template body, so no S3 bucket is needed to deploy it', () => {
    expect(readFileSync(join(INFRA_ROOT, 'template/shop-production.template.json')).length).toBeLessThanOrEqual(TEMPLATE_BODY_LIMIT);
  });

  test('has no Lambda function, custom resource or asset, so plain CloudFormation deploys it', () => {
    const types = Object.values(example.json.Resources as Record<string, { Type: string }>).map((resource) => resource.Type);
    expect(types.filter((type) => type.startsWith('AWS::Lambda::') || type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')).toEqual([]);
    expect(JSON.stringify(example.json)).not.toMatch(/AssetParameters|cdk-assets|BootstrapVersion/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test.each([['example', () => example], ['with certificate and worker', () => full]])('%s: no finding left unsuppressed', (_, get) => {
    expect(get().findings).toEqual([]);
  });

  test('every suppression gives a reason', () => {
    for (const s of [example, full]) {
      for (const resource of Object.values(s.json.Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: Array<{ id: string; reason: string }> } } }>)) {
        for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) expect(rule.reason.length).toBeGreaterThan(40);
      }
    }
  });
});

describe('the front end', () => {
  test('the site bucket is private, encrypted, TLS only, and read by CloudFront through Origin Access Control', () => {
    example.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'shop-production-site',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    example.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }) });
    example.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })] }),
    });
  });

  test('CloudFront may read the site but not the release record or the lock under _releases/', () => {
    const policy = resources(example, 'AWS::S3::BucketPolicy').find((p) => JSON.stringify(p).includes('ReleaseRecordIsNotServed'));
    const statements = (policy as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties.PolicyDocument.Statement;
    const deny = statements.find((s) => s.Sid === 'ReleaseRecordIsNotServed');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(deny?.Resource)).toContain('/_releases/*');
    const allow = statements.find((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('cloudfront'));
    expect(allow).toMatchObject({ Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } } });
    // Nothing but CloudFront, and nothing over plain HTTP.
    expect(statements.filter((s) => s.Effect === 'Allow').every((s) => JSON.stringify(s.Principal).includes('cloudfront.amazonaws.com'))).toBe(true);
    expect(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}')).toBe(true);
  });

  test('the distribution: index.html at the root, HTTPS, compression, security headers, client-side routes by a viewer function', () => {
    example.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          Compress: true,
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
        }),
        // Error pages would answer a missing /assets/app.js with index.html and status 200.
        CustomErrorResponses: Match.absent(),
      }),
    });
    example.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          XSSProtection: { Protection: true, ModeBlock: true, Override: true },
        },
      }),
    });
  });
});

describe('the back end', () => {
  test('the media bucket: private, versioned, encrypted, TLS only, CORS for uploads from the site only', () => {
    example.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'shop-production-media',
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['GET', 'PUT', 'POST'],
            AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('SiteDistribution'), 'DomainName'] }]] }],
          }),
        ],
      },
    });
  });

  test("the ECR repository: scan on push, immutable tags, the image action's lifecycle", () => {
    example.template.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'shop-production',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      LifecyclePolicy: { LifecyclePolicyText: lifecyclePolicy(UNTAGGED_EXPIRY_DAYS) },
    });
    expect(JSON.parse(lifecyclePolicy(UNTAGGED_EXPIRY_DAYS)).rules[0].selection.tagStatus).toBe('untagged');
  });

  test('a VPC over two zones: public, app and isolated data subnets', () => {
    expect(resources(example, 'AWS::EC2::Subnet')).toHaveLength(6);
    const zones = new Set(resources(example, 'AWS::EC2::Subnet').map((s) => JSON.stringify((s as { Properties: { AvailabilityZone: unknown } }).Properties.AvailabilityZone)));
    expect(zones.size).toBe(2);
    example.template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('the target group: the health path, deregistration within gunicorn graceful timeout, IP targets', () => {
    example.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
      Matcher: { HttpCode: '200' },
      TargetType: 'ip',
      Port: 8000,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: String(DEREGISTRATION_DELAY_SECONDS) }]),
    });
    expect(DEREGISTRATION_DELAY_SECONDS).toBeGreaterThan(25);
  });

  test('HTTP only without a certificate; with one, HTTPS with it and HTTP redirected', () => {
    example.template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS' }, 0);
    full.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' }],
    });
    full.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
    });
  });

  test('RDS PostgreSQL: encrypted, backups, Multi-AZ as configured, not public, deletion protected', () => {
    example.template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', StorageEncrypted: true, BackupRetentionPeriod: 7, MultiAZ: true, DeletionProtection: true, PubliclyAccessible: false });
    full.template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: false });
  });

  test('the containers get DATABASE_URL and SECRET_KEY as secrets; no password in the plain environment', () => {
    const [task] = resources(example, 'AWS::ECS::TaskDefinition') as Array<{ Properties: { ContainerDefinitions: Array<{ Environment: Array<{ Name: string }>; Secrets: Array<{ Name: string }> }> } }>;
    const [web] = task.Properties.ContainerDefinitions;
    expect(web.Secrets.map((s) => s.Name).sort()).toEqual(['DATABASE_URL', 'SECRET_KEY']);
    expect(web.Environment.map((e) => e.Name)).not.toContain('DATABASE_URL');
    expect(JSON.stringify(web.Environment)).not.toMatch(/password|resolve:secretsmanager/i);
    // The URL's secret is composed by CloudFormation from RDS's generated secret.
    example.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'shop-production/database-url',
      SecretString: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^postgres://app:\\{\\{resolve:secretsmanager:')])] },
    });
  });

  test('services: web behind the target group with the circuit breaker; a worker only when the app has one', () => {
    bare.template.resourceCountIs('AWS::ECS::Service', 1);
    example.template.resourceCountIs('AWS::ECS::Service', 2);
    example.template.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: 'shop-production-worker', ContainerDefinitions: [Match.objectLike({ Command: ['python', 'manage.py', 'process_queue'] })] });
    example.template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'web',
      LaunchType: 'FARGATE',
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
      LoadBalancers: [Match.objectLike({ ContainerName: 'web', ContainerPort: 8000 })],
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    full.template.resourceCountIs('AWS::ECS::Service', 2);
    full.template.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: 'shop-staging-worker', ContainerDefinitions: [Match.objectLike({ Command: ['celery', '-A', 'shop', 'worker'] })] });
  });

  test('log groups with a retention, and the deploy-lock bucket private', () => {
    example.template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/ecs/shop-production-web', RetentionInDays: 90 });
    example.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'shop-production-deploy-locks',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });
});

describe('the deploy role', () => {
  test('trusted only by the repository and its GitHub environment, through GitHub OIDC', () => {
    example.template.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
    example.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'shop-production-deploy',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: { 'Fn::GetAtt': [Match.stringLikeRegexp('GitHubOidc'), 'Arn'] } },
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:example/shop:environment:production' } },
          },
        ],
      },
    });
  });

  test("its sessions may last two hours, as long as the example workflows' deploy jobs ask for", () => {
    example.template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'shop-production-deploy', MaxSessionDuration: 7200 });
  });

  test("an existing provider is used, not a second one (IAM allows one per URL)", () => {
    full.template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    full.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'shop-staging-deploy',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' } })] },
    });
  });

  test('one managed policy per action, nothing else attached, no Allow on * for every action', () => {
    const policies = resources(example, 'AWS::IAM::ManagedPolicy') as Array<{ Properties: { Roles: unknown[]; PolicyDocument: { Statement: Array<{ Action: string | string[] }> } } }>;
    expect(policies).toHaveLength(5);
    for (const policy of policies) {
      expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/DeployRole/) }]);
      for (const statement of policy.Properties.PolicyDocument.Statement) expect([statement.Action].flat()).not.toContain('*');
    }
    example.template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'shop-production-deploy', ManagedPolicyArns: Match.absent(), Policies: Match.absent() });
  });

  test("the outputs are exactly the workflows' variables", () => {
    const keys = (names: readonly string[]) => names.map((name) => name.replaceAll('_', '')).sort();
    expect(Object.keys(example.json.Outputs as object).sort()).toEqual(keys([...WORKFLOW_VARIABLES, ...OPTIONAL_WORKFLOW_VARIABLES]));
    // Without a worker, no ECS_WORKER_SERVICE: deploy.yml then deploys web alone.
    expect(Object.keys(bare.json.Outputs as object).sort()).toEqual(keys(WORKFLOW_VARIABLES));
  });
});

describe('production promoting from staging (promoteFrom)', () => {
  const policyOf = (s: Synthesized, id: string) =>
    (Object.entries(s.template.findResources('AWS::IAM::ManagedPolicy')).find(([logical]) => logical.includes(id))?.[1] as { Properties: { PolicyDocument: { Statement: unknown[] } } } | undefined)?.Properties
      .PolicyDocument.Statement;
  const sub = (text: string) => ({ 'Fn::Join': ['', expect.arrayContaining([expect.stringContaining(text)])] });

  test("production's role reads staging's site and release store, pulls staging's image and checks its web service; staging's role reads nothing of production", () => {
    const [staging, production] = promoted;
    expect(policyOf(staging, 'PromoteFromSource')).toBeUndefined();
    expect(policyOf(production, 'PromoteFromSource')).toEqual([
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shop-staging-site' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shop-staging-site/*' },
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      { Effect: 'Allow', Action: ['ecr:DescribeImages', 'ecr:GetLifecyclePolicy', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: sub(':repository/shop-staging') },
      { Effect: 'Allow', Action: 'ecs:DescribeServices', Resource: sub(':service/shop-staging/web') },
      { Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions'], Resource: '*' },
    ]);
  });

  test("the outputs stay the workflows' variables: PROMOTE_FROM_* come from staging's outputs (variables.ts --promote-from)", () => {
    const keys = (names: readonly string[]) => names.map((name) => name.replaceAll('_', '')).sort();
    for (const s of promoted) expect(Object.keys(s.json.Outputs as object).sort()).toEqual(keys(WORKFLOW_VARIABLES));
  });

  test('no finding left unsuppressed in either stack', () => {
    for (const s of promoted) expect(s.findings).toEqual([]);
  });
});
