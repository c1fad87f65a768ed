"""`chalice local` with a listen queue deep enough for a burst of concurrent callers.

Its server keeps socketserver's default backlog of 5, so the sixth connection arriving while
the others wait is reset; API Gateway queues far more. Same arguments as `chalice local`.
"""
from __future__ import annotations

import sys

from chalice import local
from chalice.cli import main

local.ThreadedHTTPServer.request_queue_size = 128

if __name__ == "__main__":
    sys.argv[0] = "chalice"
    sys.exit(main())
