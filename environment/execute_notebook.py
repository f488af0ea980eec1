#!/usr/bin/env python3
"""Execute one notebook headless with nbclient and export it to HTML (Glimpse's runner calls this).

usage: execute_notebook.py NOTEBOOK OUT_IPYNB OUT_HTML KERNEL_NAME CELL_TIMEOUT_S KERNEL_LOG

Prints one progress line per code cell. On a cell error, the partially executed notebook is still
written (for inspection) and the error names the notebook and the cell; exit status 1.
Exit status 2: the kernel could not be started (nothing is written: no executed notebook or HTML
that could pass for a result) or died during a cell (the partial notebook is written).

Environment: GLIMPSE_KERNEL_START_ATTEMPTS (default 3) kernel starts are tried, each given
GLIMPSE_KERNEL_START_TIMEOUT seconds (default 15) to answer. The last line on stderr is always
"glimpse: kernel start retries: N" (NotebookRunner adds them up; a healthy kernel needs none).
"""
import json
import sys
import time

import asyncio
import atexit
import os

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter


def _listening_ports():
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] == "0A":  # LISTEN
                        ports.add(int(parts[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return ports


class SettledKernelManager(AsyncKernelManager):
    """Waits until the kernel listens on all its ports before any message is sent.

    The Glimpse kernel (glimpse.kernel.KernelMain) registers its handlers before it binds a socket,
    so it needs no wait: requests sent earlier are queued by ZeroMQ. rapaio-jupyter-kernel 3.0.1
    (GLIMPSE_KERNEL=rapaio) binds first and installs its handlers after, so a request arriving in
    between is lost; this wait narrows that window, and main()'s retry guard starts a fresh kernel
    when a start still fails. main() counts the retries and reports them (goal: 0).
    """

    async def _async_post_start_kernel(self, **kw):
        await super()._async_post_start_kernel(**kw)
        ports = {self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port}
        if os.path.exists("/proc/net/tcp"):
            deadline = time.time() + STARTUP_TIMEOUT_S
            t0 = time.time()
            # a kernel that exits (or never binds) is not waited for longer than a start may take
            while not ports <= _listening_ports() and time.time() < deadline and await self.is_alive():
                await asyncio.sleep(0.1)
            missing = ports - _listening_ports()
            if os.environ.get("GLIMPSE_DEBUG_KERNEL_START"):
                print(f"  [debug] ports {sorted(ports)} listening after {time.time() - t0:.1f}s; missing {sorted(missing)}", file=sys.stderr, flush=True)

    post_start_kernel = _async_post_start_kernel


def _positive_int(env, default):
    v = os.environ.get(env, "").strip()
    if not v:
        return default
    if not v.isdigit() or int(v) < 1:
        sys.exit(f"{env} must be a whole number of at least 1, not '{v}'")
    return int(v)


STARTUP_ATTEMPTS = _positive_int("GLIMPSE_KERNEL_START_ATTEMPTS", 3)
STARTUP_TIMEOUT_S = _positive_int("GLIMPSE_KERNEL_START_TIMEOUT", 15)
ECHO_WIDTH = 160


class EchoingNotebookClient(NotebookClient):
    """Echoes what cells print (training progress, ETAs) to the terminal as it arrives, so a
    headless run of a long cell is not silent; the notebook keeps the same output. A kernel may send
    one printf as several stream messages, so text is echoed a whole line at a time, under a header
    naming the cell."""

    _pending = ""     # text after the last newline, echoed once its line is complete
    _pending_cell = None
    announce = None   # called with the cell index before the cell's first echoed line

    def output(self, outs, msg, display_id, cell_index):
        if msg.get("msg_type") == "stream":
            if cell_index != self._pending_cell and self._pending.strip():
                # a cell ended without a newline: its last line is complete
                print(f"          | {self._pending[:ECHO_WIDTH]}", flush=True)
                self._pending = ""
            self._pending_cell = cell_index
            text = self._pending + msg["content"].get("text", "")
            *lines, self._pending = text.split("\n")
            for line in lines:
                if line.strip():
                    if self.announce:
                        self.announce(cell_index)
                    print(f"          | {line[:ECHO_WIDTH]}", flush=True)
        return super().output(outs, msg, display_id, cell_index)


def main():
    src, out_ipynb, out_html, kernel, timeout, kernel_log = sys.argv[1:7]
    nb = nbformat.read(src, as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    started = {}

    announced = set()

    def label(cell_index):
        n = code_cells.index(cell_index) + 1 if cell_index in code_cells else 0
        first = (nb.cells[cell_index].source.strip().splitlines() or [""])[0][:70]
        return f"[{n}/{len(code_cells)}]", first

    def announce(cell_index):
        if cell_index not in announced:
            announced.add(cell_index)
            tag, first = label(cell_index)
            print(f"  {tag} {'':6}   {first}", flush=True)

    def on_start(cell, cell_index, **_):
        started[cell_index] = time.time()

    def on_done(cell, cell_index, **_):
        took = time.time() - started.get(cell_index, time.time())
        tag, first = label(cell_index)
        print(f"  {tag} {took:6.1f}s  {first}" + ("  (done)" if cell_index in announced else ""), flush=True)

    status, message, write_notebook = 0, "", True
    log = open(kernel_log, "w")
    attempt = 0
    try:
        for attempt in range(1, STARTUP_ATTEMPTS + 1):
            nb = nbformat.read(src, as_version=4)
            started.clear()
            announced.clear()
            client = EchoingNotebookClient(nb, kernel_name=kernel, timeout=int(timeout), startup_timeout=STARTUP_TIMEOUT_S,
                                    allow_errors=False, record_timing=True,
                                    kernel_manager_class=SettledKernelManager,
                                    on_cell_start=on_start, on_cell_executed=on_done,
                                    # a kernel that failed to start is killed at once; one that
                                    # started is shut down gracefully at the end
                                    shutdown_kernel="immediate")
            client.on_notebook_start = lambda client=client, **_: setattr(client, "shutdown_kernel", "graceful")
            client.announce = announce
            try:
                # the kernel's own chatter (classpath, JVM warnings) goes to its log, not the terminal
                client.execute(stdout=log, stderr=log)
                break
            except (DeadKernelError, RuntimeError, TimeoutError) as e:
                # nbclient has already cleaned this kernel up; its exit-time cleanup would only fail noisily
                atexit.unregister(client._cleanup_kernel)
                # should the start-up race still strike (see SettledKernelManager), a fresh kernel
                # answers. Retry only when no cell has started yet.
                if started or attempt == STARTUP_ATTEMPTS:
                    raise
                print(f"  kernel did not start ({e}); retrying ({attempt}/{STARTUP_ATTEMPTS})", flush=True)
                log.write(f"\n--- glimpse: kernel start attempt {attempt} failed: {e}; retrying ---\n")
                log.flush()
    except CellExecutionError as e:
        status = 1
        failing = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                        and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        n = code_cells.index(failing) + 1 if failing is not None else None
        where = f"cell {n} of {len(code_cells)} (notebook cell index {failing})" if failing is not None else "a cell"
        err = next((o for o in nb.cells[failing].outputs if o.get("output_type") == "error"), {}) if failing is not None else {}
        source = nb.cells[failing].source if failing is not None else ""
        message = (f"{src}: {where} raised {err.get('ename', 'an error')}: {err.get('evalue', str(e)[:500])}\n"
                   f"--- cell source ---\n{source}\n-------------------\n"
                   f"  partial notebook: {out_ipynb} (outputs up to the failing cell)\n"
                   f"  fix: correct {f'cell {n}' if n else 'the failing cell'} of {src} (or the code it calls) and run the notebook again")
    except NoSuchKernel:
        status, write_notebook = 2, False
        message = (f"{src}: the kernel did not start: no kernelspec named '{kernel}' on JUPYTER_PATH\n"
                   f"  kernel log: {kernel_log}\n"
                   f"  fix: run `./glimpse kernel` (it writes the kernelspec under build/env/jupyter)")
    except (DeadKernelError, RuntimeError, TimeoutError) as e:
        status = 2
        if started:
            cell = max(started, key=started.get)
            message = (f"{src}: the kernel '{kernel}' died during cell {code_cells.index(cell) + 1} of {len(code_cells)}: {e}\n"
                       f"  kernel log: {kernel_log}\n"
                       f"  partial notebook: {out_ipynb}\n"
                       f"  fix: read the kernel log (a JVM out of memory? raise GLIMPSE_KERNEL_HEAP) and run the notebook again")
        else:
            # nothing ran: an executed notebook or HTML written now would only be the input again
            write_notebook = False
            try:
                spec_dir = KernelSpecManager().get_kernel_spec(kernel).resource_dir
            except Exception:  # noqa: BLE001 - only used to name the folder in the message
                spec_dir = "(not found)"
            message = (f"{src}: the kernel '{kernel}' did not start: {attempt} attempt(s) of {STARTUP_TIMEOUT_S} s each; last: {e}\n"
                       f"  kernel log: {kernel_log}\n"
                       f"  kernelspec: {spec_dir}\n"
                       f"  fix: read the kernel log; `./glimpse kernel` rewrites the kernelspec; GLIMPSE_KERNEL=glimpse, jjava or rapaio picks "
                       f"a Java kernel; on a slow machine set GLIMPSE_KERNEL_START_TIMEOUT (seconds, now {STARTUP_TIMEOUT_S})")
    finally:
        log.close()
        if write_notebook:
            nbformat.write(nb, out_ipynb)
            body, _ = HTMLExporter().from_notebook_node(nb)
            with open(out_html, "w", encoding="utf-8") as f:
                f.write(body)
    if message:
        print(message, file=sys.stderr, flush=True)
    print(f"glimpse: kernel start retries: {max(0, attempt - 1)}", file=sys.stderr, flush=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
