"""`make stage-setup STAGE=<dev|prod> ADMIN=<username> EMAIL=<address>`: a deployed stage's first data.

A new stack has empty tables and no accounts. This writes the reference data (the SP4N-LAPOR!
topic list, every region of Indonesia and the national agency directory: see devtools/directory.py),
the national default answer templates, and the first national admin, who then creates everyone
else through the console or ``POST /admin/users``. Runs again safely: agencies already there are
left as an admin may have changed them, regions keep their coordinator, a default template an
admin changed or removed stays so, an existing admin is left alone.

Needs AWS credentials for the account; reads the stack's outputs for the pool's ids. The
password is asked for, never taken from the command line (shell history).

    python -m devtools.stage_setup prod --admin admin.nasional --email admin@aduan.example.go.id
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
from datetime import datetime, timezone

from devtools.deploy import REGION, stack_name
from devtools.package import PROJECT

NATIONAL_AGENCY = "kemenpan-rb"


def stage_environment(stage: str, outputs: dict[str, str]) -> dict[str, str]:
    """What the stage's functions see: their Chalice settings and the stack's identifiers."""
    config = json.loads((PROJECT / ".chalice" / "config.json").read_text())
    return {**config.get("environment_variables", {}), **config["stages"][stage]["environment_variables"],
            "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
            "USER_POOL_ID": outputs["UserPoolId"], "USER_POOL_CLIENT_ID": outputs["UserPoolClientId"],
            "FILES_BUCKET": outputs["FilesBucketName"]}


def point_at_stage(stage: str) -> None:
    """Make this process work on the deployed stage's tables, bucket and pool, as its functions do
    (needs AWS credentials; reads the stack's outputs)."""
    import boto3

    from chalicelib.config import get_settings

    stack = boto3.client("cloudformation", region_name=REGION).describe_stacks(StackName=stack_name(stage))
    outputs = {output["OutputKey"]: output["OutputValue"] for output in stack["Stacks"][0].get("Outputs", [])}
    os.environ.update(stage_environment(stage, outputs))
    get_settings.cache_clear()


def set_up(username: str, email: str, password: str) -> dict:
    """Reference data and the first national admin, in the stage the environment names."""
    from chalicelib.domain.permissions import Role
    from chalicelib.services import accounts
    from chalicelib.store import staff
    from chalicelib.store.models import StaffModel
    from devtools import seed

    loaded = seed.seed_reference_data(national=True)
    loaded["answer_templates_added"] = len(seed.seed_answer_templates())
    created = staff.get_staff(username) is None
    if created:
        staff.add_staff(StaffModel(username, role=Role.NATIONAL_ADMIN.value, agency_id=NATIONAL_AGENCY,
                                   email=email, created_at=datetime.now(timezone.utc), created_by="stage-setup"))
        accounts.create_cognito_user(username, password, Role.NATIONAL_ADMIN, NATIONAL_AGENCY, None, email, None)
    return {**loaded, "admin": username, "admin_created": created}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("dev", "prod"))
    parser.add_argument("--admin", required=True, help="username of the first national admin")
    parser.add_argument("--email", required=True)
    args = parser.parse_args()
    point_at_stage(args.stage)
    password = getpass.getpass(f"Password for {args.admin} (10+ characters, upper, lower, digit, symbol): ")
    print(json.dumps(set_up(args.admin, args.email, password)))


if __name__ == "__main__":
    main()
