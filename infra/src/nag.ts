// cdk-nag is CommonJS whose exports Node cannot list for an ES module import by name.
import nag from 'cdk-nag';

export const { NagSuppressions, AwsSolutionsChecks } = nag;
