// Creates the committed template in moto's CloudFormation, with the resource types moto does not
// model made through their own APIs first (see unmodelled.ts).
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateOpenIDConnectProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INFRA_ROOT } from '../src/app.js';
import type { Moto } from '@tandem/standins/moto';
import { unmodelled, withoutUnmodelled, type Made, type Template } from './unmodelled.js';

export const STACK = 'shop-production';
const region = 'us-east-1';

export const motoSettings = (moto: Moto) => ({ region, endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

/** Makes, through their own APIs, the resources moto's CloudFormation leaves out. */
async function makeUnmodelled(moto: Moto, template: Template): Promise<Made> {
  const settings = () => motoSettings(moto);
  const made: Made = {};
  const props = (id: string) => template.Resources[id].Properties as Record<string, unknown>;
  const byType = (type: string) => unmodelled(template).filter(([, resource]) => resource.Type === type).map(([id]) => id);
  const siteBucket = String(props(Object.entries(template.Resources).find(([id]) => id.startsWith('SiteBucket') && template.Resources[id].Type === 'AWS::S3::Bucket')![0]).BucketName);
  const cloudfront = new CloudFrontClient(settings());
  for (const id of byType('AWS::CloudFront::Distribution')) {
    const config = props(id).DistributionConfig as { Comment: string; DefaultRootObject: string; Origins: Array<{ Id: string }>; DefaultCacheBehavior: { CachePolicyId: string } };
    const origin = config.Origins[0].Id;
    const { Distribution } = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: id,
          Comment: config.Comment,
          Enabled: true,
          DefaultRootObject: config.DefaultRootObject,
          Origins: { Quantity: 1, Items: [{ Id: origin, DomainName: `${siteBucket}.s3.${region}.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
          DefaultCacheBehavior: { TargetOriginId: origin, ViewerProtocolPolicy: 'redirect-to-https', Compress: true, CachePolicyId: config.DefaultCacheBehavior.CachePolicyId },
        },
      }),
    );
    made[id] = { Ref: Distribution!.Id!, Id: Distribution!.Id!, DomainName: Distribution!.DomainName! };
  }
  const iam = new IAMClient(settings());
  for (const id of byType('AWS::IAM::OIDCProvider')) {
    const p = props(id) as { Url: string; ClientIdList: string[]; ThumbprintList: string[] };
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: p.Url, ClientIDList: p.ClientIdList, ThumbprintList: p.ThumbprintList }));
    made[id] = { Ref: created.OpenIDConnectProviderArn!, Arn: created.OpenIDConnectProviderArn! };
  }
  const secrets = new SecretsManagerClient(settings());
  for (const id of byType('AWS::SecretsManager::Secret')) {
    const name = typeof props(id).Name === 'string' ? String(props(id).Name) : `${STACK}/${id}`;
    const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: randomBytes(16).toString('hex') }));
    made[id] = { Ref: created.ARN!, Id: created.ARN! };
  }
  // An attachment's Ref is its secret's ARN.
  for (const id of byType('AWS::SecretsManager::SecretTargetAttachment')) {
    const secret = (props(id).SecretId as { Ref: string }).Ref;
    made[id] = { Ref: made[secret].Ref };
  }
  return made;
}

/** The stack as DescribeStacks gives it once moto has finished creating it. */
export async function createStack(moto: Moto): Promise<Stack> {
  const template = JSON.parse(readFileSync(join(INFRA_ROOT, 'template', `${STACK}.template.json`), 'utf8')) as Template;
  const body = JSON.stringify(withoutUnmodelled(template, await makeUnmodelled(moto, template)));
  const cfn = new CloudFormationClient(motoSettings(moto));
  await cfn.send(new CreateStackCommand({ StackName: STACK, TemplateBody: body, Capabilities: ['CAPABILITY_NAMED_IAM'] }));
  for (let attempt = 0; ; attempt++) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks![0];
    if (!stack.StackStatus?.endsWith('_IN_PROGRESS') || attempt === 60) return stack;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The stack's outputs by key. */
export function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
}
