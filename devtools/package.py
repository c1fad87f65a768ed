"""`make package STAGE=<dev|prod>`: the Lambda package and the stage's whole template, in build/<stage>/.

1. ``chalice package --stage <stage> --merge-template infra/template.yaml`` writes the
   functions, their roles and the API (Chalice) merged with everything in infra/ as
   ``sam.yaml``, and ``deployment.zip``.
2. The template's ``Stage`` parameter is pinned to the packaged stage, so a dev package can
   never be deployed with prod's table names (``TABLE_PREFIX`` comes from the stage's config).
3. Packages the Lambda runtime already provides are taken out of the zip: boto3 and botocore
   alone (a dependency of PynamoDB) would put it over 30 MB. tests/infra imports every module
   from the result with nothing else but the SDK on the path.

Prints the package's size, the biggest parts first. Needs no AWS credentials.

    python -m devtools.package dev [prod] [--out build]
"""
from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
MERGE_TEMPLATE = PROJECT / "infra" / "template.yaml"
STAGES = ("dev", "prod")
# Lambda's own limit is 50 MB zipped; we hold ourselves to 20 so cold starts stay short.
SIZE_LIMIT_BYTES = 20_000_000
# In every Python runtime of Lambda (/var/runtime); their dependents import them from there.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath")


@dataclass(frozen=True)
class Package:
    stage: str
    folder: Path

    @property
    def template_path(self) -> Path:
        return self.folder / "sam.yaml"

    @property
    def zip_path(self) -> Path:
        return self.folder / "deployment.zip"

    def template(self) -> dict:
        return load_template(self.template_path)


def load_template(path: Path) -> dict:
    """A CloudFormation YAML template with its short-form tags (!Ref, !Sub...) as plain dicts."""
    from chalice.package import YAMLTemplateSerializer

    return YAMLTemplateSerializer().load_template(path.read_text(), str(path))


def build(stage: str, out: Path) -> Package:
    if stage not in STAGES:
        raise SystemExit(f"stage must be one of {', '.join(STAGES)}; 'local' is never deployed")
    folder = out / stage
    shutil.rmtree(folder, ignore_errors=True)
    # Packaging reads no AWS account; Chalice only wants a region to be named.
    env = {**os.environ, "AWS_DEFAULT_REGION": "ap-southeast-3"}
    chalice = Path(sys.executable).with_name("chalice")
    # Chalice keeps one dependency zip per requirements in .chalice/deployments/; two builds at
    # once (two test processes, or `make package` beside `make test`) would write it together.
    with _one_build_at_a_time():
        subprocess.run([str(chalice), "package", "--stage", stage, "--merge-template", str(MERGE_TEMPLATE),
                        str(folder)], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL)
    package = Package(stage, folder)
    _pin_stage(package)
    _drop_runtime_provided(package.zip_path)
    return package


@contextmanager
def _one_build_at_a_time():
    lock_path = PROJECT / ".chalice" / "deployments" / ".build.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _pin_stage(package: Package) -> None:
    template = package.template()
    parameter = template["Parameters"]["Stage"]
    parameter["AllowedValues"] = [package.stage]
    parameter["Default"] = package.stage
    package.template_path.write_text(dump_template(template))


def dump_template(template: dict) -> str:
    class NoAliases(yaml.SafeDumper):
        # CloudFormation reads no YAML anchors or aliases.
        def ignore_aliases(self, data) -> bool:
            return True

    return yaml.dump(template, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=120)


def _drop_runtime_provided(zip_path: Path) -> None:
    kept = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(kept, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if _top_level_package(entry.filename) not in RUNTIME_PROVIDED:
                target.writestr(entry, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
    kept.replace(zip_path)


def _top_level_package(filename: str) -> str:
    """``botocore/x.py`` and ``botocore-1.44.5.dist-info/RECORD`` both belong to ``botocore``."""
    first = filename.split("/", 1)[0]
    for suffix in (".dist-info", ".egg-info", ".data"):
        if first.endswith(suffix):
            return first.rsplit("-", 1)[0].lower().replace("_", "-")
    return first.removesuffix(".py")


def size_report(zip_path: Path, top: int = 12) -> str:
    zipped: Counter[str] = Counter()
    unzipped: Counter[str] = Counter()
    with zipfile.ZipFile(zip_path) as archive:
        for entry in archive.infolist():
            name = _top_level_package(entry.filename)
            zipped[name] += entry.compress_size
            unzipped[name] += entry.file_size
    total = zip_path.stat().st_size
    lines = [f"{zip_path}: {total / 1e6:.1f} MB zipped ({sum(unzipped.values()) / 1e6:.1f} MB unzipped), "
             f"limit {SIZE_LIMIT_BYTES / 1e6:.1f} MB", f"  {'zipped MB':>10} {'unzipped MB':>12}  part"]
    lines += [f"  {size / 1e6:>10.2f} {unzipped[name] / 1e6:>12.2f}  {name}" for name, size in zipped.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="+", choices=STAGES)
    parser.add_argument("--out", type=Path, default=PROJECT / "build")
    args = parser.parse_args()
    for stage in args.stages:
        package = build(stage, args.out)
        print(f"\n[{stage}] {package.template_path}")
        print(size_report(package.zip_path))
        if package.zip_path.stat().st_size > SIZE_LIMIT_BYTES:
            raise SystemExit(f"the {stage} package is over {SIZE_LIMIT_BYTES / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
