"""The Lambda package: small enough, and complete: every module and handler imports from it
with nothing else on the path but what Lambda's Python runtime provides."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import boto3
import botocore
import jmespath
import s3transfer

from devtools.package import RUNTIME_PROVIDED, SIZE_LIMIT_BYTES, size_report

# Run in a bare interpreter (-I -S: no site-packages, no environment): the package first, then
# the SDK as /var/runtime holds it. Imports every module, finds every handler Chalice
# configured, and renders a PDF and a workbook (reportlab, Pillow and openpyxl load compiled code).
IMPORT_EVERYTHING = """
import importlib, io, json, pkgutil, sys
sys.path[:0] = sys.argv[1:3]
import app, chalicelib
for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
    importlib.import_module(module.name)
for handler in json.loads(sys.argv[3]):
    module, name = handler.rsplit(".", 1)
    assert callable(getattr(importlib.import_module(module), name)), handler
from reportlab.pdfgen import canvas
from openpyxl import Workbook
from PIL import Image
pdf = io.BytesIO(); page = canvas.Canvas(pdf); page.drawString(72, 72, "Laporan"); page.save()
Workbook().save(io.BytesIO())
Image.new("RGB", (2, 2)).save(io.BytesIO(), "PNG")
missing = [name for name in sys.modules if name.split(".")[0] in {"boto3", "botocore"}
           and not (getattr(sys.modules[name], "__file__", "") or "").startswith(sys.argv[2])]
print("ok", len(sys.modules), missing)
"""


def test_the_package_is_under_the_size_limit(packages):
    for package in packages.values():
        size = package.zip_path.stat().st_size
        print(size_report(package.zip_path))
        assert size < SIZE_LIMIT_BYTES, size_report(package.zip_path)


def test_the_package_leaves_out_what_the_runtime_provides(packages):
    with zipfile.ZipFile(packages["prod"].zip_path) as archive:
        top_level = {name.split("/", 1)[0] for name in archive.namelist()}
    assert not top_level & set(RUNTIME_PROVIDED)
    assert {"app.py", "chalicelib", "pynamodb", "reportlab", "jwt"} <= top_level


def test_every_module_and_handler_imports_from_the_package_alone(packages, tmp_path):
    package = packages["prod"]
    code = tmp_path / "task"
    with zipfile.ZipFile(package.zip_path) as archive:
        archive.extractall(code)
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for module in (boto3, botocore, jmespath, s3transfer):
        (runtime / module.__name__).symlink_to(Path(module.__file__).parent)
    handlers = [function["Properties"]["Handler"] for function in package.template()["Resources"].values()
                if function["Type"] == "AWS::Serverless::Function"]
    assert len(handlers) == 6

    result = subprocess.run([sys.executable, "-I", "-S", "-c", IMPORT_EVERYTHING, str(code), str(runtime),
                             json.dumps(handlers)], capture_output=True, text=True, cwd=tmp_path,
                            env={"AWS_DEFAULT_REGION": "ap-southeast-3"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok") and result.stdout.rstrip().endswith("[]"), result.stdout
