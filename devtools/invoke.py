"""`make invoke FN=<name>`: run one scheduled function now against the stack `make run` serves.

It uses the same stage settings as `make run`, with moto at EMULATOR_PORT and links in
messages pointing at PORT, and prints what the function returned.
"""
from __future__ import annotations

import json
import os
import sys

from devtools.local import _answers, _stage_environment


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make invoke FN=<function name>", file=sys.stderr)
        return 2
    emulator = f"http://127.0.0.1:{int(os.environ.get('EMULATOR_PORT', '5000'))}"
    if not _answers(f"{emulator}/moto-api/"):
        print(f"Nothing answers at {emulator}: start the stack with `make run` first.", file=sys.stderr)
        return 1
    os.environ.update(_stage_environment("local"))
    os.environ["AWS_ENDPOINT_URL"] = emulator
    os.environ["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{int(os.environ.get('PORT', '8000'))}"

    from chalice.test import Client

    from app import app
    from devtools.scheduler import scheduled_event, scheduled_functions

    names = [name for name, _ in scheduled_functions(app)]
    name = argv[0]
    if name not in names:
        print(f"No scheduled function {name!r}; there are: {', '.join(names)}", file=sys.stderr)
        return 2
    from chalicelib.config import get_settings

    get_settings()  # read now: the test client re-applies the stage's variables during the call
    with Client(app, stage_name="local") as client:
        result = client.lambda_.invoke(name, scheduled_event(name)).payload
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
