"""`make deploy` hands CloudFormation the packaged template with its code in the artifact bucket."""
from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from devtools import deploy
from devtools.package import load_template


def test_the_code_and_template_go_to_the_artifact_bucket_and_the_template_points_at_the_code(packages, tmp_path):
    with mock_aws():
        s3 = boto3.client("s3", region_name=deploy.REGION)
        s3.create_bucket(Bucket="deployments", CreateBucketConfiguration={"LocationConstraint": deploy.REGION})

        url = deploy.upload(s3, packages["prod"], "deployments")

        key = url.split(".amazonaws.com/", 1)[1]
        saved = tmp_path / "template.yaml"
        saved.write_bytes(s3.get_object(Bucket="deployments", Key=key)["Body"].read())
        template = load_template(saved)
        locations = [resource["Properties"]["CodeUri"] for resource in template["Resources"].values()
                     if resource["Type"] == "AWS::Serverless::Function"]
        assert len(locations) == 6 and all(location == locations[0] for location in locations)
        location = locations[0]
        uploaded = s3.get_object(Bucket=location["Bucket"], Key=location["Key"])["Body"].read()
    assert url.startswith(f"https://deployments.s3.{deploy.REGION}.amazonaws.com/aduan/prod/")
    assert uploaded == packages["prod"].zip_path.read_bytes()
    assert template["Parameters"]["Stage"]["AllowedValues"] == ["prod"]


def test_the_stack_gets_the_stages_own_parameters():
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in deploy.stage_parameters("prod")}
    assert parameters["DeletionProtection"] == "true"
    assert parameters["PublicBaseUrl"].startswith("https://")
    assert deploy.stack_name("prod") == "aduan-prod"


def test_a_stack_that_does_not_exist_yet_is_created_and_other_errors_are_not_taken_for_that():
    from botocore.exceptions import ClientError

    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=deploy.REGION)
        assert deploy.stack_status(cloudformation, "aduan-dev") is None

    class Refusing:
        def describe_stacks(self, StackName):
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not allowed"}}, "DescribeStacks")

    with pytest.raises(ClientError, match="AccessDenied"):
        deploy.stack_status(Refusing(), "aduan-dev")
