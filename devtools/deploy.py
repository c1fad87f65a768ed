"""`make deploy STAGE=<dev|prod> ARTIFACT_BUCKET=<bucket>`: put a packaged stage into AWS.

Needs AWS credentials for the target account (any way boto3 finds them) and
``make package STAGE=<stage>`` first. Steps:

1. upload ``build/<stage>/deployment.zip`` to the artifact bucket (an existing bucket of yours
   in the same region, e.g. one made for deployments) under its SHA-256, and point the
   functions' ``CodeUri`` at it;
2. create a CloudFormation change set for the stack ``aduan-<stage>`` with the stage's
   parameters (infra/parameters/<stage>.json), show what it changes, and execute it;
3. with ``--sms-monthly-limit-usd``, set the account's SMS defaults (transactional, the spend
   limit): they belong to the account and region, so give it from one stage only.

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


def deploy(stage: str, artifact_bucket: str, assume_yes: bool, sms_monthly_limit_usd: int | None) -> None:
    import boto3
    from botocore.exceptions import WaiterError

    package = Package(stage, PROJECT / "build" / stage)
    if not package.template_path.exists():
        raise SystemExit(f"no package for {stage}: run `make package STAGE={stage}` first")
    template_url = upload(boto3.client("s3", region_name=REGION), package, artifact_bucket)

    cloudformation = boto3.client("cloudformation", region_name=REGION)
    stack = stack_name(stage)
    status = stack_status(cloudformation, stack)
    if status == "ROLLBACK_COMPLETE":  # a first creation that failed: nothing to update, only to remove
        print(f"{stack} never got created ({status}); deleting what is left of it first")
        cloudformation.delete_stack(StackName=stack)
        cloudformation.get_waiter("stack_delete_complete").wait(StackName=stack, WaiterConfig={"Delay": 15})
        status = None
    creating = status in (None, "REVIEW_IN_PROGRESS")
    change_set = cloudformation.create_change_set(
        StackName=stack, ChangeSetName=f"{stack}-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}",
        ChangeSetType="CREATE" if creating else "UPDATE", TemplateURL=template_url,
        Parameters=stage_parameters(stage), Capabilities=CAPABILITIES, Tags=[{"Key": "aduan:stage", "Value": stage}])
    try:
        cloudformation.get_waiter("change_set_create_complete").wait(
            ChangeSetName=change_set["Id"], WaiterConfig={"Delay": 5, "MaxAttempts": 120})
    except WaiterError:
        reason = cloudformation.describe_change_set(ChangeSetName=change_set["Id"]).get("StatusReason")
        raise SystemExit(f"no change set for {stack}: {reason}")
    changes = _changes(cloudformation, change_set["Id"])
    for detail in changes:
        print(f"  {detail['Action']:<8} {detail['LogicalResourceId']:<32} {detail['ResourceType']}"
              f"{'  (REPLACES)' if detail.get('Replacement') == 'True' else ''}")
    if not assume_yes and input(f"Apply these {len(changes)} changes to {stack}? [y/N] ") != "y":
        raise SystemExit("not deployed; the change set stays for review in the CloudFormation console")
    cloudformation.execute_change_set(ChangeSetName=change_set["Id"])
    try:
        cloudformation.get_waiter("stack_create_complete" if creating else "stack_update_complete").wait(
            StackName=stack, WaiterConfig={"Delay": 15, "MaxAttempts": 240})
    except WaiterError:
        events = cloudformation.describe_stack_events(StackName=stack)["StackEvents"]
        failures = [f"  {e['LogicalResourceId']}: {e.get('ResourceStatusReason')}" for e in events
                    if e["ResourceStatus"].endswith("_FAILED")][:10]
        raise SystemExit(f"{stack} did not deploy:\n" + "\n".join(failures))
    for output in sorted(cloudformation.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", []),
                         key=lambda output: output["OutputKey"]):
        print(f"{output['OutputKey']}: {output['OutputValue']}")

    if sms_monthly_limit_usd is not None:
        # Per account and region, not per stack: set them from the stage that owns the account's SMS.
        # The limit cannot exceed the account's SMS spend quota (USD 1 until AWS raises it).
        boto3.client("sns", region_name=REGION).set_sms_attributes(attributes={
            "DefaultSMSType": "Transactional", "MonthlySpendLimit": str(sms_monthly_limit_usd)})


def stack_status(cloudformation, name: str) -> str | None:
    """The stack's status, or None when there is no such stack (any other error is raised)."""
    from botocore.exceptions import ClientError

    try:
        return cloudformation.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    except ClientError as error:
        if error.response["Error"]["Code"] == "ValidationError" and "does not exist" in str(error):
            return None
        raise


def _changes(cloudformation, change_set_id: str) -> list[dict]:
    changes, token = [], None
    while True:
        page = cloudformation.describe_change_set(ChangeSetName=change_set_id, **({"NextToken": token} if token else {}))
        changes += [change["ResourceChange"] for change in page["Changes"]]
        token = page.get("NextToken")
        if not token:
            return changes


def upload(s3, package: Package, artifact_bucket: str) -> str:
    """Puts the code and the template (far above the 51,200 bytes CloudFormation takes inline)
    in the artifact bucket, named by the code's SHA-256; returns the template's URL."""
    code = package.zip_path.read_bytes()
    prefix = f"aduan/{package.stage}/{hashlib.sha256(code).hexdigest()}"
    s3.put_object(Bucket=artifact_bucket, Key=f"{prefix}.zip", Body=code)
    template = dump_template(with_code_in(package.template(), artifact_bucket, f"{prefix}.zip"))
    s3.put_object(Bucket=artifact_bucket, Key=f"{prefix}.template.yaml", Body=template.encode())
    return f"https://{artifact_bucket}.s3.{REGION}.amazonaws.com/{prefix}.template.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("dev", "prod"))
    parser.add_argument("--artifact-bucket", required=True)
    parser.add_argument("--yes", action="store_true", help="apply the change set without asking")
    parser.add_argument("--sms-monthly-limit-usd", type=int,
                        help="also set the account's SMS defaults: transactional, this monthly limit")
    args = parser.parse_args()
    deploy(args.stage, args.artifact_bucket, args.yes, args.sms_monthly_limit_usd)


if __name__ == "__main__":
    main()
