"""`make mail`: the e-mails and SMS the local stack has sent, as moto's SES and SNS recorded them."""
from __future__ import annotations

import json
import os
import sys
import urllib.request


def main() -> int:
    emulator = f"http://127.0.0.1:{int(os.environ.get('EMULATOR_PORT', '5000'))}"
    try:
        with urllib.request.urlopen(f"{emulator}/moto-api/data.json", timeout=5) as response:
            data = json.load(response)
    except OSError:
        print(f"Nothing answers at {emulator}: start the stack with `make run` first.", file=sys.stderr)
        return 1
    emails = data.get("ses", {}).get("Message", [])
    for message in emails:
        destinations = message.get("destinations") or {}
        to = [address for addresses in destinations.values() for address in addresses]
        print(f"=== e-mail to {', '.join(to)}\n{message.get('subject')}\n\n{message.get('body')}")
    texts = data.get("sns", {}).get("SMS", [])
    for text in texts:
        print(f"=== SMS to {text.get('phone_number')}\n{text.get('message')}\n")
    print(f"{len(emails)} e-mail(s), {len(texts)} SMS; raw: {emulator}/moto-api/data.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
