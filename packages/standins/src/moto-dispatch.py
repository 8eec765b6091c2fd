"""moto's per-request overhead that AWS does not have, taken out. A test double.

moto 5.2's server finds the service a request is for by listing its own package folder and
`stat`-ing each of its 180 module folders, twice per request, under a lock that every request
thread takes: about a third of the server's CPU time for a run of PutObject calls (1.7 ms of 5 ms
a request, cProfile). The folder does not change while the server runs, so it is listed once
here. werkzeug's line per request on stderr (which nobody reads: moto.ts keeps stderr only to say
why a server ended) is turned off; its warnings and errors stay. Both are the same for every
client, and leave what each request does untouched. Applied with runpy before moto.server starts
(moto-launch.py).
"""
import logging

import moto.backends as backends

if not getattr(backends, "_tandem_modules_listed", False):
    _MODULES = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: _MODULES
    backends._tandem_modules_listed = True

logging.getLogger("werkzeug").setLevel(logging.WARNING)
