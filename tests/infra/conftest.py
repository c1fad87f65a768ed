"""The deployable artefacts: both stages packaged once per test session (devtools/package.py)."""
from __future__ import annotations

import pytest

from devtools import package as packaging


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, packaging.Package]:
    """stage -> its package, built as `make package` builds it (Chalice caches the dependencies)."""
    out = tmp_path_factory.mktemp("build")
    return {stage: packaging.build(stage, out) for stage in packaging.STAGES}


@pytest.fixture(scope="session")
def templates(packages) -> dict[str, dict]:
    """stage -> its merged template."""
    return {stage: package.template() for stage, package in packages.items()}
