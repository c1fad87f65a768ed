"""Which AWS failures pass if the same call is made again a little later, and their one answer.

The SDK already retries throttles and outages a few times with backoff (``chalicelib/aws.py``
and the models' settings); what still fails after that is a throttle, a brief outage or a
transaction that met another one on the same item. Nothing was written, so a request answers
``ServiceUnavailable`` (503 with ``Retry-After``) and a scheduled job stops and leaves the rest
to its next run. Anything else (a refused condition, a bad parameter, a missing permission)
is not passing: it is a domain answer or a bug.
"""
from __future__ import annotations

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as AwsConnectionError
from pynamodb.exceptions import PynamoDBException, TransactWriteError

from chalicelib.config import get_settings
from chalicelib.errors import BUSY, ServiceUnavailable

# Error codes of DynamoDB, SES, SNS, S3 and AWS in general that mean "not now" rather than "no".
_PASSING_CODES = frozenset({
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "InternalServerError", "TransactionConflictException", "TransactionInProgressException",
    "Throttling", "Throttled", "ThrottledException", "RequestThrottled", "SlowDown",
    "ServiceUnavailable", "ServiceUnavailableException", "InternalError", "InternalFailure",
    "InternalErrorException", "RequestTimeout", "RequestTimeoutException",
})
# Why DynamoDB cancels a transaction, when every reason given passes (a failed condition decides
# the answer instead: a version conflict, a taken id).
_PASSING_CANCELLATIONS = frozenset({"TransactionConflict", "ProvisionedThroughputExceeded", "ThrottlingError"})
_PASSING_STATUSES = frozenset({500, 502, 503, 504})


def is_passing(error: BaseException) -> bool:
    if isinstance(error, ServiceUnavailable):
        return True
    if isinstance(error, TransactWriteError) and error.cause_response_code == "TransactionCanceledException":
        reasons = {reason.code for reason in error.cancellation_reasons if reason is not None}
        return bool(reasons) and reasons <= _PASSING_CANCELLATIONS
    if isinstance(error, PynamoDBException):
        error = error.cause
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return error.response.get("Error", {}).get("Code") in _PASSING_CODES or status in _PASSING_STATUSES
    # No answer at all: the connection failed or timed out.
    return isinstance(error, (AwsConnectionError, HTTPClientError))


def raise_cancelled(error: TransactWriteError, conflict: Exception) -> None:
    """A cancelled transaction: ``conflict`` when one of its conditions failed (or another transaction
    held an item), 503 when DynamoDB was only busy, else the error itself."""
    codes = {reason.code for reason in error.cancellation_reasons or [] if reason is not None}
    if codes & {"ConditionalCheckFailed", "TransactionConflict"}:
        raise conflict from error
    if is_passing(error):
        raise unavailable() from error
    raise error


def unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(BUSY, headers={"Retry-After": str(get_settings().busy_retry_after_seconds)})
