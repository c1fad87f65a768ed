"""Which function made which AWS call: every botocore request and presigned URL the app makes
under test, attributed to the Lambda function it ran in (the API handler or a scheduled one)
and translated into the IAM action and resource ARN it needs in a stage."""
from __future__ import annotations

import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, astuple, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from botocore.client import BaseClient
from botocore.signers import RequestSigner, S3PostPresigner

from tests.infra.iam import ACCOUNT, REGION, Stage

API_HANDLER = "APIHandler"
# `make test` runs most tests in parallel processes, each saving the calls it recorded into the folder
# RECORD_TO names, then checks them all in one last process, pointed at that folder by CHECK_FROM.
RECORD_TO = "ADUAN_RECORD_CALLS_TO"
CHECK_FROM = "ADUAN_CHECK_CALLS_FROM"
# Operations that are not signed, so IAM never sees them (Cognito's public sign-in).
UNSIGNED = {("cognito-idp", "InitiateAuth")}
IN_TRANSACTION = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                  "ConditionCheck": "ConditionCheckItem"}


@dataclass(frozen=True)
class Call:
    """One request as the test environment made it: e.g. ("dynamodb", "Query", "aduan-test-reports", "index")."""

    function: str  # logical id in the template: APIHandler, SlaSweep...
    service: str
    operation: str
    target: str = ""  # table, bucket/key, or recipient
    index: str = ""


class _Submitted(threading.local):
    """The function that handed the work running in this (pool) thread to it."""

    function: str | None = None


_SUBMITTED = _Submitted()


def running_function() -> str | None:
    """The function whose code is on the stack, the innermost one when a test has one call into
    another (an officer's request made while a sweep runs), or None for test set-up; in a thread of
    a pool (reads made at once), the function that gave it the work."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_filename.endswith("chalicelib/schedules.py"):
            return "".join(part.capitalize() for part in code.co_name.split("_"))
        if code.co_filename.endswith("chalice/app.py") and code.co_name == "__call__":
            return API_HANDLER
        frame = frame.f_back
    return _SUBMITTED.function


class Recorder:
    def __init__(self) -> None:
        self.calls: set[Call] = set()

    def api_call(self, client, operation: str, params: dict) -> None:
        function = running_function()
        if function is None:
            return
        service = client.meta.service_model.service_name
        if service == "dynamodb" and operation == "TransactWriteItems":
            for item in params["TransactItems"]:
                (kind, request), = item.items()
                self.calls.add(Call(function, service, IN_TRANSACTION[kind], request["TableName"]))
        elif service == "dynamodb" and operation in ("BatchGetItem", "BatchWriteItem"):
            for table in params["RequestItems"]:
                self.calls.add(Call(function, service, operation, table))
        elif service == "dynamodb":
            self.calls.add(Call(function, service, operation, params["TableName"], params.get("IndexName", "")))
        elif service == "s3":
            self.calls.add(Call(function, service, operation, f"{params['Bucket']}/{params.get('Key', '')}"))
        elif service == "sns":
            self.calls.add(Call(function, service, operation, params.get("PhoneNumber") or params.get("TopicArn")))
        else:
            self.calls.add(Call(function, service, operation))

    def presigned(self, operation: str, url: str) -> None:
        function = running_function()
        if function is not None:
            parts = urlsplit(url)
            path = unquote(parts.path).lstrip("/")
            if ".s3." in parts.netloc and not parts.netloc.startswith("s3."):  # virtual-hosted: bucket.s3.<region>...
                path = f"{parts.netloc.split('.s3.')[0]}/{path}"
            self.calls.add(Call(function, "s3", operation, path))

    @contextmanager
    def watching(self):
        recorder = self
        make_api_call = BaseClient._make_api_call
        presign_url = RequestSigner.generate_presigned_url
        presign_post = S3PostPresigner.generate_presigned_post

        def api_call(client, operation_name, api_params):
            recorder.api_call(client, operation_name, api_params)
            return make_api_call(client, operation_name, api_params)

        def url(signer, request_dict, operation_name, *args, **kwargs):
            signed = presign_url(signer, request_dict, operation_name, *args, **kwargs)
            recorder.presigned(operation_name, signed)
            return signed

        def post(presigner, request_dict, fields=None, *args, **kwargs):
            signed = presign_post(presigner, request_dict, fields, *args, **kwargs)
            recorder.presigned("PutObject", f"{signed['url'].rstrip('/')}/{signed['fields']['key']}")
            return signed

        def submit(executor, work, /, *args, **kwargs):
            function = running_function()  # of the thread handing the work over

            def attributed():
                _SUBMITTED.function = function
                try:
                    return work(*args, **kwargs)
                finally:
                    _SUBMITTED.function = None

            return pool_submit(executor, attributed)

        pool_submit = ThreadPoolExecutor.submit
        BaseClient._make_api_call = api_call
        RequestSigner.generate_presigned_url = url
        S3PostPresigner.generate_presigned_post = post
        ThreadPoolExecutor.submit = submit
        try:
            yield self
        finally:
            BaseClient._make_api_call = make_api_call
            RequestSigner.generate_presigned_url = presign_url
            S3PostPresigner.generate_presigned_post = presign_post
            ThreadPoolExecutor.submit = pool_submit


def save(calls: set[Call], path: Path) -> None:
    """Hand one test process's calls to a later one (`make test` checks every worker's at the end)."""
    path.write_text(json.dumps([asdict(call) for call in sorted(calls, key=astuple)], indent=0))


def load_all(folder: Path) -> set[Call]:
    """Every call the processes that saved into ``folder`` recorded."""
    files = sorted(folder.glob("*.json"))
    assert files, f"no recorded AWS calls in {folder}: the tests that record them have not run"
    return {Call(**call) for path in files for call in json.loads(path.read_text())}


def needed_in(stage: Stage, call: Call, test_environment: dict) -> list[tuple[str, str]]:
    """(IAM action, resource ARN) the call needs in the stage, its test names swapped for the stage's."""
    if (call.service, call.operation) in UNSIGNED:
        return []
    if call.service == "dynamodb":
        logical = call.target.removeprefix(test_environment["TABLE_PREFIX"])
        table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/aduan-{stage.name}-{logical}"
        return [(f"dynamodb:{call.operation}", f"{table}/index/{call.index}" if call.index else table)]
    if call.service == "s3":
        bucket, _, key = call.target.partition("/")
        assert bucket == test_environment["FILES_BUCKET"], call
        own = stage.ref("FilesBucket")
        if call.operation in ("ListObjectsV2", "ListObjects"):
            return [("s3:ListBucket", f"arn:aws:s3:::{own}")]
        return [(f"s3:{call.operation}", f"arn:aws:s3:::{own}/{key}")]
    if call.service == "cognito-idp":
        return [(f"cognito-idp:{call.operation}", f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/"
                 f"{stage.ref('StaffUserPool')}")]
    if call.service == "ses":
        # A deployed stage always sends from its domain identity with its configuration set.
        ses = f"arn:aws:ses:{REGION}:{ACCOUNT}"
        return [(f"ses:{call.operation}", f"{ses}:identity/{stage.ref('SenderIdentity')}"),
                (f"ses:{call.operation}", f"{ses}:configuration-set/{stage.ref('MailConfigurationSet')}")]
    if call.service == "sns":
        return [(f"sns:{call.operation}", call.target)]
    return [(f"{call.service}:{call.operation}", "*")]
