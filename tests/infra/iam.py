"""Just enough of CloudFormation and IAM to read a packaged stage offline: intrinsic functions
resolved to the ARNs the stage's resources would get, and whether a role's policy allows
an action on a resource (Allow/Deny, wildcards, NotResource; conditions are not evaluated)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

ACCOUNT = "123456789012"
REGION = "ap-southeast-3"
PARAMETERS = Path(__file__).resolve().parents[2] / "infra" / "parameters"


@dataclass
class Stage:
    """A packaged template of one stage, resolved as CloudFormation would in an account."""

    name: str
    template: dict

    @property
    def stack_name(self) -> str:
        return f"aduan-{self.name}"

    def parameter(self, key: str) -> str:
        given = json.loads((PARAMETERS / f"{self.name}.json").read_text())
        return given.get(key, self.template["Parameters"][key].get("Default"))

    def ref(self, name: str) -> str:
        pseudo = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
                  "AWS::StackName": self.stack_name, "AWS::URLSuffix": "amazonaws.com"}
        if name in pseudo:
            return pseudo[name]
        if name in self.template["Parameters"]:
            return str(self.parameter(name))
        resource = self.template["Resources"][name]
        kind, properties = resource["Type"], resource.get("Properties", {})
        physical = {
            "AWS::DynamoDB::Table": lambda: self.resolve(properties["TableName"]),
            "AWS::S3::Bucket": lambda: self.resolve(properties["BucketName"]),
            "AWS::Cognito::UserPool": lambda: f"{REGION}_{name}",
            "AWS::KMS::Key": lambda: f"key-{name}",
            "AWS::SES::ConfigurationSet": lambda: self.resolve(properties["Name"]),
            "AWS::SES::EmailIdentity": lambda: self.resolve(properties["EmailIdentity"]),
            "AWS::SNS::Topic": lambda: f"arn:aws:sns:{REGION}:{ACCOUNT}:{self.resolve(properties['TopicName'])}",
        }.get(kind, lambda: f"{self.stack_name}-{name}-GENERATED")
        return physical()

    def arn(self, name: str) -> str:
        kind = self.template["Resources"][name]["Type"]
        physical = self.ref(name)
        return {
            "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{physical}",
            "AWS::S3::Bucket": f"arn:aws:s3:::{physical}",
            "AWS::Cognito::UserPool": f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{physical}",
            "AWS::KMS::Key": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{physical}",
        }.get(kind, f"arn:aws:unknown:{REGION}:{ACCOUNT}:{physical}")

    def resolve(self, value):
        """A template value with its intrinsic functions worked out."""
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, dict) or len(value) != 1:
            return value
        (function, argument), = value.items()
        if function == "Ref":
            return self.ref(argument)
        if function == "Fn::GetAtt":
            name, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            assert attribute == "Arn", f"cannot resolve {name}.{attribute}"
            return self.arn(name)
        if function == "Fn::Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            return re.sub(r"\$\{([^}!]+)\}", lambda match: self._substitute(match.group(1), variables), text)
        if function == "Fn::Join":
            separator, items = argument
            return separator.join(self.resolve(items))
        if function == "Fn::Select":
            index, items = argument
            return self.resolve(items)[int(index)]
        if function == "Fn::Split":
            separator, text = argument
            return self.resolve(text).split(separator)
        return value

    def _substitute(self, name: str, variables: dict) -> str:
        if name in variables:
            return self.resolve(variables[name])
        if "." in name:
            resource, attribute = name.split(".", 1)
            return self.resolve({"Fn::GetAtt": [resource, attribute]})
        return self.ref(name)

    # --- functions and their roles ------------------------------------------------------

    def functions(self) -> dict[str, dict]:
        """Logical id -> properties of every Lambda function."""
        return {name: resource["Properties"] for name, resource in self.template["Resources"].items()
                if resource["Type"] == "AWS::Serverless::Function"}

    def statements_of(self, function: str) -> list[dict]:
        """The function's role's policy statements, resolved."""
        role = self.functions()[function]["Role"]["Fn::GetAtt"][0]
        statements = []
        for policy in self.template["Resources"][role]["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                statements.append({key: self.resolve(value) for key, value in statement.items()})
        return statements


def _listed(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def _matches(patterns, value: str) -> bool:
    return any(fnmatchcase(value, pattern) for pattern in _listed(patterns))


def allows(statements: list[dict], action: str, resource: str) -> bool:
    """Whether the statements allow ``action`` (``service:Operation``) on ``resource``."""

    def applies(statement: dict) -> bool:
        if not any(fnmatchcase(action.lower(), pattern.lower()) for pattern in _listed(statement["Action"])):
            return False
        if "NotResource" in statement:
            return not _matches(statement["NotResource"], resource)
        return _matches(statement["Resource"], resource)

    relevant = [statement for statement in statements if applies(statement)]
    return (any(s["Effect"] == "Allow" for s in relevant)
            and not any(s["Effect"] == "Deny" for s in relevant))
