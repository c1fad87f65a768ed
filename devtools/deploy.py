"""`make deploy STAGE=<dev|prod> ARTIFACT_BUCKET=<bucket>`: put a packaged stage into AWS.

Needs AWS credentials for the target account (any way boto3 finds them) and
``make package STAGE=<stage>`` first. Steps:

1. upload ``build/<stage>/deployment.zip`` to the artifact bucket (an existing bucket of yours
   in the same region, e.g. one made for deployments) under its SHA-256, and point the
   functions' ``CodeUri`` at it;
2. create a CloudFormation change set for the stack ``aduan-<stage>`` with the stage's
   parameters (infra/parameters/<stage>.json), show what it changes, and execute it;
3. set the account's SMS settings SNS needs (transactional, sender id, spend limit, the
   delivery-log role the stack made).

    python -m devtools.deploy dev --artifact-bucket my-deploy-bucket [--yes] [--sms-monthly-limit-usd 100]
"""
from __future__ import annotations

import argparse
import hashlib
import json
from datetime import datetime, timezone

from devtools.package import PROJECT, Package, dump_template

REGION = "ap-southeast-3"
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]


def stack_name(stage: str) -> str:
    return f"aduan-{stage}"


def stage_parameters(stage: str) -> list[dict]:
    given = json.loads((PROJECT / "infra" / "parameters" / f"{stage}.json").read_text())
    return [{"ParameterKey": key, "ParameterValue": str(value)} for key, value in given.items()]


def with_code_in(template: dict, bucket: str, key: str) -> dict:
    """The template with every function's code taken from ``s3://bucket/key``."""
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = {"Bucket": bucket, "Key": key}
    return template


def deploy(stage: str, artifact_bucket: str, assume_yes: bool, sms_monthly_limit_usd: int) -> None:
    import boto3
    from botocore.exceptions import WaiterError

    package = Package(stage, PROJECT / "build" / stage)
    if not package.template_path.exists():
        raise SystemExit(f"no package for {stage}: run `make package STAGE={stage}` first")
    template_url = upload(boto3.client("s3", region_name=REGION), package, artifact_bucket)

    cloudformation = boto3.client("cloudformation", region_name=REGION)
    stack = stack_name(stage)
    exists = _stack_exists(cloudformation, stack)
    change_set = cloudformation.create_change_set(
        StackName=stack, ChangeSetName=f"{stack}-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}",
        ChangeSetType="UPDATE" if exists else "CREATE", TemplateURL=template_url,
        Parameters=stage_parameters(stage), Capabilities=CAPABILITIES, Tags=[{"Key": "aduan:stage", "Value": stage}])
    try:
        cloudformation.get_waiter("change_set_create_complete").wait(
            ChangeSetName=change_set["Id"], WaiterConfig={"Delay": 5, "MaxAttempts": 120})
    except WaiterError:
        reason = cloudformation.describe_change_set(ChangeSetName=change_set["Id"]).get("StatusReason")
        raise SystemExit(f"no change set for {stack}: {reason}")
    changes = cloudformation.describe_change_set(ChangeSetName=change_set["Id"])["Changes"]
    for change in changes:
        detail = change["ResourceChange"]
        print(f"  {detail['Action']:<8} {detail['LogicalResourceId']:<32} {detail['ResourceType']}"
              f"{'  (REPLACES)' if detail.get('Replacement') == 'True' else ''}")
    if not assume_yes and input(f"Apply these {len(changes)} changes to {stack}? [y/N] ") != "y":
        raise SystemExit("not deployed; the change set stays for review in the CloudFormation console")
    cloudformation.execute_change_set(ChangeSetName=change_set["Id"])
    cloudformation.get_waiter("stack_update_complete" if exists else "stack_create_complete").wait(
        StackName=stack, WaiterConfig={"Delay": 15, "MaxAttempts": 240})
    outputs = {output["OutputKey"]: output["OutputValue"]
               for output in cloudformation.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])}

    # SMS settings belong to the account and region, not to a stack.
    boto3.client("sns", region_name=REGION).set_sms_attributes(attributes={
        "DefaultSMSType": "Transactional", "DefaultSenderID": _parameter(stage, "SmsSenderId"),
        "MonthlySpendLimit": str(sms_monthly_limit_usd), "DeliveryStatusIAMRole": outputs["SmsDeliveryLogRoleArn"],
        "DeliveryStatusSuccessSamplingRate": "10"})
    for name, value in sorted(outputs.items()):
        print(f"{name}: {value}")


def upload(s3, package: Package, artifact_bucket: str) -> str:
    """Puts the code and the template (far above the 51,200 bytes CloudFormation takes inline)
    in the artifact bucket, named by the code's SHA-256; returns the template's URL."""
    code = package.zip_path.read_bytes()
    prefix = f"aduan/{package.stage}/{hashlib.sha256(code).hexdigest()}"
    s3.put_object(Bucket=artifact_bucket, Key=f"{prefix}.zip", Body=code)
    template = dump_template(with_code_in(package.template(), artifact_bucket, f"{prefix}.zip"))
    s3.put_object(Bucket=artifact_bucket, Key=f"{prefix}.template.yaml", Body=template.encode())
    return f"https://{artifact_bucket}.s3.{REGION}.amazonaws.com/{prefix}.template.yaml"


def _stack_exists(cloudformation, name: str) -> bool:
    try:
        stacks = cloudformation.describe_stacks(StackName=name)["Stacks"]
    except cloudformation.exceptions.ClientError:
        return False
    return bool(stacks) and stacks[0]["StackStatus"] != "REVIEW_IN_PROGRESS"


def _parameter(stage: str, key: str) -> str:
    return next(p["ParameterValue"] for p in stage_parameters(stage) if p["ParameterKey"] == key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("dev", "prod"))
    parser.add_argument("--artifact-bucket", required=True)
    parser.add_argument("--yes", action="store_true", help="apply the change set without asking")
    parser.add_argument("--sms-monthly-limit-usd", type=int, default=100)
    args = parser.parse_args()
    deploy(args.stage, args.artifact_bucket, args.yes, args.sms_monthly_limit_usd)


if __name__ == "__main__":
    main()
