"""Starts moto servers by forking one Python that has moto loaded already. A test double.

Run as `python3 moto-zygote.py SOCKET PID` (moto.ts: motoZygote), one for a test run: it imports
moto and the modules of every service the stand-ins use, makes one call to each through moto's
own in-process mock (what moto loads on a service's first request: EC2's default VPC data,
CloudFormation's parsers), puts moto back as new, listens on the Unix socket SOCKET, writes its
pid beside it and prints `ready`. From then on it imports nothing and serves no request: it only
forks.

Each server is started as before, `python3 moto-launch.py ...` with the launcher's settings in
its environment, and that launcher (seeing TANDEM_MOTO_ZYGOTE) connects here and sends its
arguments, environment and working folder with its standard input, output and error. The fork
takes those as its own and runs moto-launch.py as the launcher would have, with everything moto
needs already in memory. The launcher stays in between: it passes SIGTERM and SIGINT to the
server and ends as the server ends, so the process startMoto holds behaves as the server itself.

Why: a moto server spent 0.8 CPU-seconds importing moto before it answered, and 1.6 s more on its
first ECS request, 0.5 s on its first EC2 one, 0.5 s on CloudFormation's (two cores, quiet): a
full test run starts about 60 servers (one per worker for each kind of server, and the files that
need one of their own). A fork costs a few milliseconds of CPU.

The fork gets new random seeds: moto draws ids (object versions, task ids, addresses) from its
own `mock_random`, and every fork starts from the zygote's state, so two servers would draw the
same ones. The zygote ends when process PID ends (the test run's jest process, which outlives
every worker; jest restarts a worker whose heap has grown, and the zygote that worker started
serves the others' servers), stopping the servers it forked; and it stops the servers it forked
whose launcher has gone.
"""
import gc
import json
import os
import random
import selectors
import signal
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")

# Every service the stand-ins use, and a call that makes moto load what its first request needs.
FIRST_CALLS = {
    "s3": "list_buckets",
    "ecs": "list_clusters",
    "ec2": "describe_vpcs",
    "elbv2": "describe_load_balancers",
    "iam": "list_roles",
    "sts": "get_caller_identity",
    "cloudfront": "list_distributions",
    "ecr": "describe_repositories",
    "logs": "describe_log_groups",
    "rds": "describe_db_instances",
    "ssm": "describe_parameters",
    "secretsmanager": "list_secrets",
    "cloudformation": "list_stacks",
}


def load() -> None:
    import importlib

    import boto3
    import moto.server  # noqa: F401  (what every server runs)
    from moto import mock_aws
    from moto.moto_api._internal.models import moto_api_backend

    for service in FIRST_CALLS:
        for part in ("models", "responses", "urls"):
            importlib.import_module(f"moto.{service}.{part}")
    with mock_aws():
        for service, call in FIRST_CALLS.items():
            client = boto3.client(service, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
            getattr(client, call)()
    moto_api_backend.reset()


def read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """One launcher's request: an 8-byte length, then JSON; its three descriptors come with the first bytes."""
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    while len(data) < 8 or len(data) < 8 + int.from_bytes(data[:8], "big"):
        more = conn.recv(1 << 16)
        if not more:
            raise ConnectionError("the launcher closed the connection before its request was whole")
        data += more
    return json.loads(data[8 : 8 + int.from_bytes(data[:8], "big")]), fds


def serve_in_fork(request: dict, fds: list[int], zygote_fds: list[int]) -> None:
    """In the forked process: become the launcher's server. Never returns."""
    code = 1
    try:
        for fd in zygote_fds:
            os.close(fd)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        random.seed()
        from moto.moto_api._internal import mock_random

        mock_random.seed()
        sys.argv = request["argv"]
        import runpy

        runpy.run_path(os.path.join(HERE, "moto-launch.py"), run_name="__main__")
        code = 0
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else (0 if ended.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    path = sys.argv[1]
    # Readable once that process has ended (Linux 5.3): no polling, and no mistaking a later
    # process that reuses its id.
    run = os.pidfd_open(int(sys.argv[2]))
    load()
    # Every object loaded so far is moved out of the collector's reach, in this process and in every
    # fork. A fork shares the zygote's memory until it writes a page, and Python's collector writes
    # to each object it examines: a fork's first full collection (in its first request) touched the
    # whole of moto's heap, and the kernel copied each page. A fork's first request, its ready
    # check, took 1.07-1.15 CPU-seconds and 35,000 page faults without this and 0.08 s and 2,500
    # faults with it (two forks each, one quiet core). What is frozen is never collected: a cycle of
    # these objects that a fork drops stays in its memory, which is no more than the zygote loaded.
    gc.collect()
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Bound and listening under another name first: a process that waits for PATH to appear (the
    # other jest workers, moto.ts) finds it ready to take connections.
    listener.bind(path + ".binding")
    listener.listen(64)
    with open(os.path.join(os.path.dirname(path), "pid"), "w") as pid_file:
        pid_file.write(str(os.getpid()))
    os.rename(path + ".binding", path)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    servers: dict[int, socket.socket] = {}
    # Connections whose launcher has gone, while their server is being stopped.
    gone: set[socket.socket] = set()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(wake_read, selectors.EVENT_READ, "child")
    selector.register(run, selectors.EVENT_READ, "run ended")
    print("ready", flush=True)

    def stop_all() -> None:
        for pid in servers:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    while True:
        for key, _events in selector.select():
            if key.data == "run ended":
                stop_all()
                # The run's teardown may have removed the folder already.
                for leftover in (path, *(os.path.join(os.path.dirname(path), name) for name in ("pid", "log"))):
                    try:
                        os.unlink(leftover)
                    except FileNotFoundError:
                        pass
                try:
                    os.rmdir(os.path.dirname(path))
                except OSError:
                    pass
                os._exit(0)
            elif key.data == "accept":
                conn, _ = listener.accept()
                try:
                    request, fds = read_request(conn)
                except (OSError, ValueError) as error:
                    print(f"moto-zygote: a bad request: {error}", file=sys.stderr, flush=True)
                    conn.close()
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    selector.close()
                    serve_in_fork(request, fds, [listener.fileno(), wake_read, wake_write, run, conn.fileno(), *(s.fileno() for s in servers.values())])
                for fd in fds:
                    os.close(fd)
                conn.sendall(f"pid {pid}\n".encode())
                servers[pid] = conn
                selector.register(conn, selectors.EVENT_READ, pid)
            elif key.data == "child":
                os.read(wake_read, 4096)
                while True:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    conn = servers.pop(pid, None)
                    if conn is None:
                        continue
                    if conn in gone:
                        gone.discard(conn)
                    else:
                        selector.unregister(conn)
                    try:
                        conn.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
                    except OSError:
                        pass
                    conn.close()
            else:
                # A launcher's connection: it sends nothing after its request, so this is its end.
                pid = key.data
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                selector.unregister(key.fileobj)
                gone.add(key.fileobj)


if __name__ == "__main__":
    main()
