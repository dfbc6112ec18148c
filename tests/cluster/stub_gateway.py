#!/usr/bin/env python3
"""A stand-in for an agency's 公众号 gateway in the cluster test: answers every
POST with 200 and appends its Idempotency-Key (one line per call) to the log
file, so the test can count how often each release was pushed.

Usage: stub_gateway.py PORT LOGFILE
"""
import http.server
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    lock = threading.Lock()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        with Handler.lock, open(sys.argv[2], "a", encoding="utf-8") as log:
            log.write(self.headers.get("Idempotency-Key", "-") + "\n")
        body = b'{"errcode":0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
