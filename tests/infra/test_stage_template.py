"""What `make package` produces for dev and prod: a template cfn-lint accepts, whose functions
reach only their own stage's resources, with the settings the code expects."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.store.models import ALL_MODELS
from devtools import bootstrap
from devtools.package import STAGES
from tests.infra.iam import ACCOUNT, PARAMETERS, REGION, Stage

# Actions AWS does not let a policy scope to a resource.
UNSCOPABLE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
# Sending SMS is sns:Publish to a phone number, which has no ARN: allowed everywhere except topics.
SMS_ONLY = {"Action": ["sns:Publish"], "NotResource": "arn:aws:sns:*:*:*"}


@pytest.fixture(scope="module", params=STAGES)
def stage(request, templates) -> Stage:
    return Stage(request.param, templates[request.param])


def test_cfn_lint_finds_nothing(packages):
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    templates = [str(package.template_path) for package in packages.values()]
    result = subprocess.run([str(cfn_lint), *templates], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_stage_is_pinned_and_names_its_tables_as_the_functions_expect(stage):
    assert stage.template["Parameters"]["Stage"]["AllowedValues"] == [stage.name]
    tables = {stage.ref(name) for name, resource in stage.template["Resources"].items()
              if resource["Type"] == "AWS::DynamoDB::Table"}
    for function, properties in stage.functions().items():
        variables = properties["Environment"]["Variables"]
        assert variables["ADUAN_STAGE"] == stage.name, function
        assert all(table.startswith(variables["TABLE_PREFIX"]) for table in tables), function
    assert len(tables) == len(ALL_MODELS)  # one per model (test_tables_match_models.py compares them)


def test_functions_reach_only_their_own_stages_resources(stage):
    own = _own_resources(stage)
    other_stages = [f"aduan-{other}" for other in STAGES if other != stage.name]
    for function in stage.functions():
        for statement in stage.statements_of(function):
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert statement["Effect"] == "Allow"
            assert not any("*" in action for action in actions), (function, actions)
            if "NotResource" in statement:
                assert {"Action": actions, "NotResource": statement["NotResource"]} == SMS_ONLY, function
                continue
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            for resource in resources:
                assert not any(other in resource for other in other_stages), (function, resource)
                if resource == "*":
                    assert set(actions) <= UNSCOPABLE_ACTIONS, (function, actions)
                else:
                    assert any(resource == mine or resource.startswith(mine + "/") for mine in own), \
                        (function, resource)


def _own_resources(stage: Stage) -> set[str]:
    """ARNs of the stack's own tables, bucket, pool and key, its sender identity and its log groups."""
    kinds = {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::Cognito::UserPool", "AWS::KMS::Key"}
    own = {stage.arn(name) for name, resource in stage.template["Resources"].items() if resource["Type"] in kinds}
    ses = f"arn:aws:ses:{REGION}:{ACCOUNT}"
    # The sender's domain, or the address itself should it ever be verified on its own.
    own |= {f"{ses}:identity/{stage.ref('SenderIdentity')}", f"{ses}:identity/{stage.parameter('SenderEmail')}",
            f"{ses}:configuration-set/{stage.ref('MailConfigurationSet')}",
            # Lambda names a function <stack>-<logical id>-<suffix>; its log group follows.
            f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/{stage.stack_name}-*:*"}
    return own


def test_scheduled_functions_stop_working_before_lambda_stops_them(stage):
    """A job checks its time budget between reports or messages; one more of those must fit."""
    budgets = {"SlaSweep": "sweep_time_budget_seconds", "AutoClose": "sweep_time_budget_seconds",
               "SendNotifications": "send_time_budget_seconds"}
    defaults = _settings_defaults()
    for function, setting in budgets.items():
        timeout = stage.functions()[function]["Timeout"]
        assert defaults[setting] + 10 <= timeout, f"{function}: {setting} too close to its {timeout} s timeout"


def _settings_defaults() -> dict:
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    try:
        return vars(get_settings())
    finally:
        get_settings.cache_clear()


def test_every_function_gets_the_stages_resources_in_its_environment(stage):
    expected = {"USER_POOL_ID": "StaffUserPool", "USER_POOL_CLIENT_ID": "ConsoleClient", "FILES_BUCKET": "FilesBucket",
                "SES_CONFIGURATION_SET": "MailConfigurationSet", "SENDER_EMAIL": "SenderEmail",
                "PUBLIC_BASE_URL": "PublicBaseUrl", "OVERSIGHT_RECIPIENTS": "OversightRecipients"}
    shared = stage.template["Globals"]["Function"]["Environment"]["Variables"]
    assert {name: shared[name] for name in expected} == {name: {"Ref": ref} for name, ref in expected.items()}
    for function, properties in stage.functions().items():
        assert not set(expected) & set(properties["Environment"]["Variables"]), f"{function} overrides them"


def test_the_stages_parameters_are_complete_and_valid(stage):
    given = json.loads((PARAMETERS / f"{stage.name}.json").read_text())
    declared = stage.template["Parameters"]
    assert set(given) <= set(declared) - {"Stage"}
    for name, parameter in declared.items():
        value = given.get(name, parameter.get("Default"))
        assert value is not None, f"{stage.name} gives no {name}"
        if "AllowedPattern" in parameter:
            assert re.fullmatch(parameter["AllowedPattern"], value), (name, value)
        if "AllowedValues" in parameter:
            assert value in parameter["AllowedValues"], (name, value)
    json.loads(given.get("OversightRecipients", "{}"))
    assert stage.resolve(stage.template["Resources"]["FilesBucket"]["Properties"]["CorsConfiguration"]
                         ["CorsRules"][0]["AllowedOrigins"]) == [
        bootstrap.bucket_cors_rules(given["PublicBaseUrl"])[0]["AllowedOrigins"][0]]


def test_files_bucket_is_private_encrypted_and_keeps_versions(stage):
    bucket = stage.template["Resources"]["FilesBucket"]
    properties = bucket["Properties"]
    assert bucket["DeletionPolicy"] == "RetainExceptOnCreate"
    assert set(properties["PublicAccessBlockConfiguration"].values()) == {True}
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    rules = {rule["Id"]: rule for rule in properties["LifecycleConfiguration"]["Rules"]}
    assert "NoncurrentVersionExpiration" not in rules["compliance-reports-kept"]


def test_the_user_pool_is_the_one_bootstrap_makes_locally(stage):
    resources = stage.template["Resources"]
    groups = {r["Properties"]["GroupName"]: r["Properties"]["Description"]
              for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert groups == bootstrap.STAFF_GROUPS
    pool = resources["StaffUserPool"]["Properties"]
    assert {attribute["Name"] for attribute in pool["Schema"]} == {"agency_id", "unit_id"}
    assert pool["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True}
    assert {key: pool["Policies"]["PasswordPolicy"][key] for key in bootstrap.PASSWORD_POLICY} == \
        bootstrap.PASSWORD_POLICY
    client = resources["ConsoleClient"]["Properties"]
    assert client["GenerateSecret"] is False
    assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]
    assert client["ReadAttributes"] == bootstrap.CONSOLE_READ_ATTRIBUTES
    assert client["WriteAttributes"] == bootstrap.CONSOLE_WRITE_ATTRIBUTES
    assert not any(attribute.startswith("custom:") for attribute in client["WriteAttributes"])


def test_the_api_stage_is_throttled_for_everyone_together(stage):
    assert stage.template["Resources"]["RestAPI"]["Type"] == "AWS::Serverless::Api"  # the Globals' Api
    settings, = stage.template["Globals"]["Api"]["MethodSettings"]
    assert (settings["ResourcePath"], settings["HttpMethod"]) == ("/*", "*")
    rate, burst = (int(stage.resolve(settings[key])) for key in ("ThrottlingRateLimit", "ThrottlingBurstLimit"))
    # Room for the design's bursts of 100 reports a second, under the account's 10,000 requests a second.
    assert 100 <= rate <= burst < 10_000


def test_a_firewall_rule_blocks_one_address_that_sends_too_much(stage):
    resources = stage.template["Resources"]
    rule, = resources["ApiFirewall"]["Properties"]["Rules"]
    limit = rule["Statement"]["RateBasedStatement"]
    assert rule["Action"] == {"Block": {}} and limit["AggregateKeyType"] == "IP"
    assert int(stage.resolve(limit["Limit"])) >= 10  # what WAF accepts; 0 would leave the stage without it
    association = resources["ApiFirewallAssociation"]["Properties"]
    assert association["WebACLArn"] == {"Fn::GetAtt": ["ApiFirewall", "Arn"]}
    assert association["ResourceArn"]["Fn::Sub"].endswith("/restapis/${RestAPI}/stages/${RestAPI.Stage}")


def test_clients_are_hashed_with_the_stages_own_generated_secret(stage):
    secret = stage.template["Resources"]["GuardSecret"]
    assert secret["Type"] == "AWS::SecretsManager::Secret" and secret["Properties"]["GenerateSecretString"]
    shared = stage.template["Globals"]["Function"]["Environment"]["Variables"]
    assert shared["GUARD_SECRET"] == {"Fn::Sub": "{{resolve:secretsmanager:${GuardSecret}:SecretString}}"}
