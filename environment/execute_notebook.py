#!/usr/bin/env python3
"""Execute one notebook headless with nbclient and export it to HTML (Glimpse's runner calls this).

usage: execute_notebook.py NOTEBOOK OUT_IPYNB OUT_HTML KERNEL_NAME CELL_TIMEOUT_S KERNEL_LOG

Prints one progress line per code cell. On a cell error, the partially executed notebook is still
written (for inspection) and the error names the notebook and the cell; exit status 1.
Exit status 2: the kernel could not be started or died.
"""
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter


def main():
    src, out_ipynb, out_html, kernel, timeout, kernel_log = sys.argv[1:7]
    nb = nbformat.read(src, as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    started = {}

    def on_start(cell, cell_index, **_):
        started[cell_index] = time.time()

    def on_done(cell, cell_index, **_):
        n = code_cells.index(cell_index) + 1 if cell_index in code_cells else 0
        took = time.time() - started.get(cell_index, time.time())
        first = (cell.source.strip().splitlines() or [""])[0][:70]
        print(f"  [{n}/{len(code_cells)}] {took:6.1f}s  {first}", flush=True)

    client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), startup_timeout=180,
                            allow_errors=False, record_timing=True,
                            on_cell_start=on_start, on_cell_executed=on_done)
    status, message = 0, ""
    log = open(kernel_log, "w")
    try:
        # the kernel's own chatter (classpath, JVM warnings) goes to its log, not the terminal
        client.execute(stdout=log, stderr=log)
    except CellExecutionError as e:
        status = 1
        failing = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                        and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = f"cell {code_cells.index(failing) + 1} of {len(code_cells)} (notebook cell index {failing})" \
            if failing is not None else "a cell"
        err = next((o for o in nb.cells[failing].outputs if o.get("output_type") == "error"), {}) if failing is not None else {}
        source = nb.cells[failing].source if failing is not None else ""
        message = (f"{src}: {where} raised {err.get('ename', 'an error')}: {err.get('evalue', str(e)[:500])}\n"
                   f"--- cell source ---\n{source}\n-------------------")
    except (DeadKernelError, RuntimeError, TimeoutError) as e:
        status = 2
        message = f"{src}: the kernel '{kernel}' failed: {e} (kernel log: {kernel_log})"
    finally:
        log.close()
        nbformat.write(nb, out_ipynb)
        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(out_html, "w", encoding="utf-8") as f:
            f.write(body)
    if message:
        print(message, file=sys.stderr, flush=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
