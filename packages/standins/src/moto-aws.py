"""moto_server with the stand-in patches: S3's conditional writes made atomic (moto-s3-conditional.py), S3 authorisation as AWS does it (moto-s3-iam.py), ECS services from CloudFormation as AWS makes them (moto-cfn-ecs.py) and
the ECS rollout lifecycle (moto-rollouts.py). A test double, for the runs that need both at once
(the whole chain under one deploy role). Run as `python3 moto-aws.py -H 127.0.0.1 -p PORT`."""
import os
import runpy
import sys

import moto.server

HERE = os.path.dirname(os.path.abspath(__file__))
for patch in ("moto-s3-conditional.py", "moto-s3-iam.py", "moto-cfn-ecs.py", "moto-rollouts.py"):
    runpy.run_path(os.path.join(HERE, patch), run_name="patch")

if __name__ == "__main__":
    moto.server.main(sys.argv[1:])
