"""Runs moto's server, or one of its launchers, with the patches every stand-in server gets. A test double.

Run as `python3 moto-launch.py [--owned] moto.server|LAUNCHER.py -H 127.0.0.1 -p PORT` (moto.ts:
startMoto). Every server gets S3's conditional writes made atomic (moto-s3-conditional.py),
ECR's layer API (moto-ecr-layers.py), ECR's archival storage class (moto-ecr-archive.py), RDS
Proxy endpoints (moto-rds-proxy-endpoints.py), RDS describe calls page by page (moto-rds-pages.py), ECS container instances with the agent's
attributes, filtered and paged listings (moto-container-instances.py), a service's capacity
provider strategy and placement constraints kept (moto-service-placement.py), moto's per-request
dispatch overhead taken out (moto-dispatch.py) and connections kept alive between requests, as
AWS keeps them (moto-keepalive.py).

With `--owned`, the server runs until its standard input closes. A server that the test files of
one jest worker share outlives each file, so no file can stop it; the worker holds the other end
of the pipe, and whenever the worker ends (its last file done, or killed) the pipe closes and the
server goes with it.

With TANDEM_MOTO_ZYGOTE in its environment (moto.ts sets it), the server is forked by that
moto-zygote.py, which has moto loaded already, and this process stands for it (moto-zygote.py).
"""
import os
import runpy
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))


def through_zygote(path: str) -> None:
    """Has moto-zygote.py at PATH fork this server, and stands for it until it ends (see there).

    Returns, to start the server here, only when the zygote does not answer.
    """
    import json
    import signal
    import socket

    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except OSError:
        conn.close()
        return
    payload = json.dumps({"argv": sys.argv, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
    socket.send_fds(conn, [len(payload).to_bytes(8, "big") + payload], [0, 1, 2])
    answers = conn.makefile("r")
    first = answers.readline().split()
    if first[:1] != ["pid"]:
        print("moto-launch: the zygote did not start the server", file=sys.stderr, flush=True)
        os._exit(1)
    pid = int(first[1])

    def forward(signum: int, _frame: object) -> None:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    ended = answers.readline().split()
    code = int(ended[1]) if ended[:1] == ["exit"] else 1
    if code < 0:
        # Ended by a signal: so does this process, as the server would have.
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code)


ZYGOTE = os.environ.pop("TANDEM_MOTO_ZYGOTE", None)
if ZYGOTE:
    through_zygote(ZYGOTE)


def watch_stdin() -> None:
    sys.stdin.buffer.read()
    os._exit(0)


# moto's EC2 model loads its list of public AMIs each time it is created: for each region after
# every reset, at the first EC2 call (DescribeVpcs, or an RDS or load-balancer call that needs a
# VPC). No stand-in uses an AMI (ECS tasks here are Fargate's). The first DescribeVpcs after a
# reset took 87-216 ms with the list and 43-54 ms without it (five resets each, one server).
os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
args = sys.argv[1:]
if args[:1] == ["--owned"]:
    args = args[1:]
    threading.Thread(target=watch_stdin, daemon=True).start()
# startMoto's ready check knows its own server by this mark in the Server header: another moto
# of the run that got the same port answers with a mark of its own (ports.ts: onFreePort).
MARK = os.environ.get("TANDEM_SERVER_MARK")
if MARK:
    import werkzeug.serving

    werkzeug.serving.WSGIRequestHandler.version_string = lambda self: f"moto {MARK}"
for patch in ("moto-s3-conditional.py", "moto-ecr-layers.py", "moto-ecr-archive.py", "moto-rds-proxy-endpoints.py", "moto-rds-pages.py", "moto-container-instances.py", "moto-service-placement.py", "moto-dispatch.py", "moto-keepalive.py"):
    runpy.run_path(os.path.join(HERE, patch), run_name="patch")
target, rest = args[0], args[1:]
if target == "moto.server":
    import moto.server

    moto.server.main(rest)
else:
    sys.argv = [target, *rest]
    runpy.run_path(target, run_name="__main__")
