"""The acceptance run's sample application.

GET /health answers the status written in health-status (200 for a good release, 500 for a
broken one); GET / answers 200 with the release named in release.txt, which the acceptance run
reads to know which release the load balancer serves. Standard library only.
"""
import http.server
import json
import os
import pathlib
import signal
import sys

HERE = pathlib.Path(__file__).resolve().parent
PORT = int(os.environ.get("PORT", "8080"))
RELEASE = (HERE / "release.txt").read_text().strip()
HEALTH = int((HERE / "health-status").read_text().strip() or "200")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "sample-app"
    # Keep-alive, as the load balancer's connections to its targets expect.
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/health":
            self.answer(HEALTH, {"status": "ok" if HEALTH == 200 else "broken", "release": RELEASE})
        elif self.path == "/":
            self.answer(200, {"app": "cross-account-delivery sample", "release": RELEASE})
        else:
            self.answer(404, {"error": "not found", "path": self.path})

    def answer(self, status, body):
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    # ECS stops a task with SIGTERM, then SIGKILL after the stop timeout (5 s here): exit at once.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"sample app, release {RELEASE}, /health answers {HEALTH}, listening on {PORT}", flush=True)
    http.server.ThreadingHTTPServer(("", PORT), Handler).serve_forever()


if __name__ == "__main__":
    main()
