"""One definition of the tables: infra/template.yaml must declare exactly what the PynamoDB
models (chalicelib/store/models.py) create locally and query in AWS."""
from __future__ import annotations

import json

import pytest

from chalicelib.store.models import ALL_MODELS
from devtools.package import MERGE_TEMPLATE, load_template

# DynamoDB's limit on non-key attributes projected into all of a table's indexes together.
MAX_PROJECTED_ATTRIBUTES = 100


def table_from_model(model) -> dict:
    """The parts of a table definition that decide what the app can store and query."""
    schema = model._get_schema()
    ttl = model._ttl_attribute()
    return {
        "KeySchema": _keys(schema["key_schema"]),
        "AttributeDefinitions": {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]},
        "GlobalSecondaryIndexes": {
            index["index_name"]: {"KeySchema": _keys(index["key_schema"]),
                                  "Projection": _projection(index["projection"])}
            for index in schema.get("global_secondary_indexes", [])},
        "LocalSecondaryIndexes": {
            index["index_name"]: {"KeySchema": _keys(index["key_schema"]),
                                  "Projection": _projection(index["projection"])}
            for index in schema.get("local_secondary_indexes", [])},
        "TimeToLive": ttl.attr_name if ttl else None,
        "BillingMode": model.Meta.billing_mode,
    }


def table_from_template(properties: dict) -> dict:
    ttl = properties.get("TimeToLiveSpecification") or {}
    return {
        "KeySchema": _keys(properties["KeySchema"]),
        "AttributeDefinitions": {a["AttributeName"]: a["AttributeType"] for a in properties["AttributeDefinitions"]},
        "GlobalSecondaryIndexes": {
            index["IndexName"]: {"KeySchema": _keys(index["KeySchema"]), "Projection": _projection(index["Projection"])}
            for index in properties.get("GlobalSecondaryIndexes", [])},
        "LocalSecondaryIndexes": {
            index["IndexName"]: {"KeySchema": _keys(index["KeySchema"]), "Projection": _projection(index["Projection"])}
            for index in properties.get("LocalSecondaryIndexes", [])},
        "TimeToLive": ttl.get("AttributeName") if ttl.get("Enabled") else None,
        "BillingMode": properties.get("BillingMode", "PROVISIONED"),
    }


def _keys(key_schema: list[dict]) -> list[tuple[str, str]]:
    return sorted((key["KeyType"], key["AttributeName"]) for key in key_schema)


def _projection(projection: dict) -> dict:
    return {"ProjectionType": projection["ProjectionType"],
            "NonKeyAttributes": sorted(projection.get("NonKeyAttributes", []))}


def template_tables(template: dict) -> dict[str, dict]:
    """Logical table name (``reports``) -> the template's definition, from ``aduan-${Stage}-reports``."""
    tables = {}
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::DynamoDB::Table":
            name = resource["Properties"]["TableName"]["Fn::Sub"]
            assert name.startswith("aduan-${Stage}-"), f"table {name} is not named after its stage"
            tables[name.removeprefix("aduan-${Stage}-")] = resource["Properties"]
    return tables


def differences(model, properties: dict) -> list[str]:
    """What the template says differently from the model, one line per aspect."""
    expected, declared = table_from_model(model), table_from_template(properties)
    found = []
    for aspect in ("KeySchema", "AttributeDefinitions", "TimeToLive", "BillingMode"):
        if expected[aspect] != declared[aspect]:
            found.append(f"{aspect}: model {expected[aspect]} / template {declared[aspect]}")
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for name in sorted(set(expected[kind]) | set(declared[kind])):
            if name not in declared[kind]:
                found.append(f"index {name} is in the model, not in the template")
            elif name not in expected[kind]:
                found.append(f"index {name} is in the template, not in the model")
            elif expected[kind][name] != declared[kind][name]:
                found.append(f"index {name}: model {json.dumps(expected[kind][name])} / "
                             f"template {json.dumps(declared[kind][name])}")
    return found


@pytest.fixture(scope="module")
def declared() -> dict[str, dict]:
    return template_tables(load_template(MERGE_TEMPLATE))


def test_every_model_has_a_table_in_the_template_and_nothing_else_does(declared):
    assert sorted(declared) == sorted(_logical(model) for model in ALL_MODELS)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: _logical(model))
def test_the_template_declares_the_models_keys_types_indexes_and_projections(model, declared):
    assert differences(model, declared[_logical(model)]) == []


def test_a_changed_index_is_caught(declared, monkeypatch):
    """The check above fails when a model's index changes and the template does not."""
    from chalicelib.store.models import ReportModel, ReportsPublicByRegionIndex

    monkeypatch.setattr(ReportsPublicByRegionIndex.Meta.projection, "non_key_attributes",
                        ["kind", "status", "title"])
    found = differences(ReportModel, declared["reports"])
    assert len(found) == 1 and found[0].startswith("index reports_public_by_region: model"), found
    assert '"NonKeyAttributes": ["kind", "status", "title"]' in found[0]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: _logical(model))
def test_indexes_are_ones_dynamodb_accepts(model):
    """Rules CreateTable enforces that neither moto nor the template check."""
    definition = table_from_model(model)
    projected = 0
    for name, index in definition["GlobalSecondaryIndexes"].items():
        keys = {attribute for _, attribute in index["KeySchema"]} | {a for _, a in definition["KeySchema"]}
        assert not keys & set(index["Projection"]["NonKeyAttributes"]), f"{name} projects one of its keys"
        projected += len(index["Projection"]["NonKeyAttributes"])
    assert projected <= MAX_PROJECTED_ATTRIBUTES
    assert len(definition["GlobalSecondaryIndexes"]) <= 20


def test_tables_are_protected_and_encrypted(declared):
    for name, properties in declared.items():
        assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert properties["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS",
                                                  "KMSMasterKeyId": {"Ref": "DataKey"}}, name
        assert properties["DeletionProtectionEnabled"] == {"Fn::If": ["Protected", True, False]}, name


def _logical(model) -> str:
    from chalicelib.store.models import _LOGICAL_NAMES

    return _LOGICAL_NAMES[model]
