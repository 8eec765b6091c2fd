"""Runs moto's server, or one of its launchers, until its standard input closes. A test double.

Run as `python3 moto-owned.py moto.server|LAUNCHER.py -H 127.0.0.1 -p PORT` (moto.ts:
startMoto({ owned: true })). A server that the test files of one jest worker share outlives each
file, so no file can stop it; the worker holds the other end of the pipe, and whenever the worker
ends (its last file done, or killed) the pipe closes and the server goes with it.
"""
import os
import runpy
import sys
import threading


def watch_stdin() -> None:
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=watch_stdin, daemon=True).start()
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto-s3-conditional.py"), run_name="patch")
target, rest = sys.argv[1], sys.argv[2:]
if target == "moto.server":
    import moto.server

    moto.server.main(rest)
else:
    sys.argv = [target, *rest]
    runpy.run_path(target, run_name="__main__")
