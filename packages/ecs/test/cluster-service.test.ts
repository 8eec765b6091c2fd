import { arnRegionProblem } from '@tandem/ecs';

test.each<[string, string, string | undefined]>([
  ['shop', 'eu-west-1', undefined],
  ['arn:aws:ecs:eu-west-1:123456789012:cluster/shop', 'eu-west-1', undefined],
  ['arn:aws:ecs:us-east-1:123456789012:cluster/shop', 'eu-west-1', "'arn:aws:ecs:us-east-1:123456789012:cluster/shop' is in us-east-1, but this step calls ECS in eu-west-1: set aws-region: us-east-1, or name one in eu-west-1"],
  ['arn:aws:ecs:us-east-1:123456789012:service/shop/web', 'eu-west-1', "'arn:aws:ecs:us-east-1:123456789012:service/shop/web' is in us-east-1, but this step calls ECS in eu-west-1: set aws-region: us-east-1, or name one in eu-west-1"],
  ['arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/shop:3', 'us-gov-east-1', "'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/shop:3' is in us-gov-west-1, but this step calls ECS in us-gov-east-1: set aws-region: us-gov-west-1, or name one in us-gov-east-1"],
  ['shop-web:3', 'eu-west-1', undefined],
])('%s asked in %s', (value, region, problem) => expect(arnRegionProblem(value, region)).toBe(problem));
