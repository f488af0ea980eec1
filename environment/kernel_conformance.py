#!/usr/bin/env python3
"""Jupyter's kernel conformance suite (Debian's python3-jupyter-kernel-test) against the Glimpse kernel.

usage: kernel_conformance.py RESULT_JSON      (./glimpse test runs it; JUPYTER_PATH must hold the
                                              glimpse-java kernelspec, which ./glimpse writes)

KernelTests (jupyter_kernel_test) sends each request and validates every reply against the
messaging schema; the samples below are Java, chosen from the protocol and from what JShell
answers. The test_glimpse_* methods check what the suite does not: the protocol details a
frontend relies on (status in every reply, silent, stop_on_error, user_expressions, ename, stdin
and interrupt) and how the kernel's output and help look to a notebook user. Each test's outcome
is written to RESULT_JSON: [{"name", "outcome": "passed|failed|error|skipped", "detail"}].
"""
import json
import os
import re
import sys
import time
import unittest
from queue import Empty

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

TIMEOUT = 60
HOME = os.environ.get("GLIMPSE_HOME", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def javadoc_first_sentence(source_file, member_regex):
    """The first sentence of the javadoc comment right before the member, read from the source itself."""
    with open(source_file, encoding="utf-8") as f:
        src = f.read()
    m = re.search(r"/\*\*((?:(?!\*/).)*)\*/\s*" + member_regex, src, re.S)
    if not m:
        raise AssertionError(f"no javadoc before {member_regex} in {source_file}")
    text = re.sub(r"\s*\n\s*\*\s?", " ", m.group(1)).strip()
    text = re.sub(r"\{@\w+\s+([^}]*)\}", r"\1", text)
    return text.split(". ")[0][:40]


class GlimpseKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "glimpse-java"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'
    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "String.valueO", "matches": {"valueOf("}},
    ]
    complete_code_samples = ["int a = 1;", 'System.out.println("x");', "int c = 1;\nif (c > 0) { c++; }", "int b = 2"]
    incomplete_code_samples = ["int c = 1;\nif (c > 0) {", "for (int i = 0; i < 3; i++) {", 'String s = "a" +']
    invalid_code_samples = ["int x = ;", "}"]
    code_page_something = "Math.abs?"
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"x" + 1', "result": "x1"},
        {"code": "java.util.List.of(1, 2)", "result": "[1, 2]"},
    ]
    code_display_data = [
        {"code": 'glimpse.report.Show.show(new glimpse.report.Show.Html("<b>bold</b>"));', "mime": "text/html"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.abs"
    code_clear_output = 'System.out.println("before"); glimpse.report.Show.clearOutput(false);'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the startup script (imports) runs before the first cell; wait for it so timings below are the cells'
        cls.kc.execute_interactive("int warmUp = 1;", timeout=TIMEOUT)

    # ---- helpers ----

    def run_cell(self, code, **kw):
        """Executes code; returns (reply, iopub messages between busy and idle, in order)."""
        self.flush_channels()
        msg_id = self.kc.execute(code, **kw)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        return reply, self.iopub_until_idle(msg_id)

    def iopub_until_idle(self, msg_id):
        msgs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return msgs
            if msg["msg_type"] != "status":
                msgs.append(msg)

    def control_request(self, msg_type, content=None):
        msg = self.kc.session.msg(msg_type, content or {})
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=TIMEOUT)
        validate_message(reply, msg_type.replace("_request", "_reply"), msg["header"]["msg_id"])
        return reply

    def inspect(self, code, cursor):
        msg_id = self.kc.inspect(code, cursor_pos=cursor)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "inspect_reply", msg_id)
        return reply["content"]

    # ---- kernel_info ----

    def test_glimpse_kernel_info_names_versions(self):
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        validate_message(reply, "kernel_info_reply", msg_id)
        c = reply["content"]
        self.assertEqual(c["status"], "ok")
        self.assertEqual(c["implementation"], "glimpse")
        with open(os.path.join(HOME, "pom.xml"), encoding="utf-8") as f:
            pom_version = re.search(r"<artifactId>glimpse-parent</artifactId>\s*<version>([^<]+)</version>", f.read()).group(1)
        self.assertEqual(c["implementation_version"], pom_version)
        self.assertRegex(c["language_info"]["version"], r"^\d+$")
        self.assertNotIn("null", c["banner"])
        self.assertNotIn("unknown", c["banner"])
        self.assertIn(c["protocol_version"], c["banner"])

    # ---- replies on the control channel and comm_info carry status ----

    def test_glimpse_comm_info_reply_has_status(self):
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_glimpse_interrupt_reply_has_status(self):
        reply = self.control_request("interrupt_request")
        self.assertEqual(reply["content"]["status"], "ok")
        reply, _ = self.run_cell("2 + 2")
        self.assertEqual(reply["content"]["status"], "ok", "an interrupt with no cell running harms nothing")

    # ---- execute_request options ----

    def test_glimpse_silent_publishes_no_input_or_result_and_keeps_the_count(self):
        first, _ = self.run_cell("1 + 1")
        reply, msgs = self.run_cell("3 * 3", silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        types = [m["msg_type"] for m in msgs]
        self.assertNotIn("execute_input", types)
        self.assertNotIn("execute_result", types)
        after, _ = self.run_cell("1 + 2")
        self.assertEqual(after["content"]["execution_count"], first["content"]["execution_count"] + 1)

    def test_glimpse_store_history_false_keeps_the_count_and_the_history(self):
        first, _ = self.run_cell("5 + 5")
        self.run_cell('"not kept in history"', store_history=False)
        after, _ = self.run_cell("5 + 6")
        self.assertEqual(after["content"]["execution_count"], first["content"]["execution_count"] + 1)
        msg_id = self.kc.history(hist_access_type="search", pattern='"not kept*', raw=True, output=False)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "history_reply", msg_id)
        self.assertEqual(reply["content"]["history"], [])

    def test_glimpse_stop_on_error_aborts_the_cells_queued_behind(self):
        self.flush_channels()
        failing = self.kc.execute('Thread.sleep(500); throw new RuntimeException("first");', stop_on_error=True)
        queued = self.kc.execute('System.out.println("must not run");')
        replies = {}
        while len(replies) < 2:
            r = self.get_non_kernel_info_reply(timeout=TIMEOUT)
            replies[r["parent_header"]["msg_id"]] = r["content"]
        self.assertEqual(replies[failing]["status"], "error")
        self.assertEqual(replies[queued]["status"], "aborted")
        # a cell sent after the error ran as usual
        reply, _ = self.run_cell("7 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_glimpse_stop_on_error_false_runs_the_queued_cell(self):
        self.flush_channels()
        failing = self.kc.execute('Thread.sleep(300); throw new RuntimeException("first");', stop_on_error=False)
        queued = self.kc.execute("40 + 2")
        replies = {}
        while len(replies) < 2:
            r = self.get_non_kernel_info_reply(timeout=TIMEOUT)
            replies[r["parent_header"]["msg_id"]] = r["content"]
        self.assertEqual(replies[failing]["status"], "error")
        self.assertEqual(replies[queued]["status"], "ok")

    def test_glimpse_user_expressions_are_evaluated(self):
        reply, _ = self.run_cell("int ue = 5;", user_expressions={"twice": "ue * 2", "bad": "noSuchName + 1"})
        exprs = reply["content"]["user_expressions"]
        self.assertEqual(exprs["twice"]["status"], "ok")
        self.assertEqual(exprs["twice"]["data"]["text/plain"], "10")
        self.assertEqual(exprs["bad"]["status"], "error")

    def test_glimpse_ename_is_the_java_exception(self):
        reply, msgs = self.run_cell('Integer.parseInt("seven")')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "NumberFormatException")
        self.assertIn("seven", reply["content"]["evalue"])
        errors = [m for m in msgs if m["msg_type"] == "error"]
        self.assertEqual(errors[0]["content"]["ename"], "NumberFormatException")

    # ---- streams ----

    def test_glimpse_prints_on_one_line_are_one_stream_message(self):
        reply, msgs = self.run_cell('System.out.print("a"); System.out.print("b"); System.out.println("c");')
        streams = [m["content"]["text"] for m in msgs if m["msg_type"] == "stream"]
        self.assertEqual(streams, ["abc\n"])

    def test_glimpse_a_burst_of_lines_is_one_stream_message(self):
        reply, msgs = self.run_cell('for (int i = 0; i < 3; i++) System.out.printf("line %d of %s%n", i, "three");')
        streams = [m["content"]["text"] for m in msgs if m["msg_type"] == "stream"]
        self.assertEqual(streams, ["line 0 of three\nline 1 of three\nline 2 of three\n"])

    def test_glimpse_output_printed_before_a_display_comes_before_it(self):
        reply, msgs = self.run_cell('System.out.println("first"); glimpse.report.Show.show(new glimpse.report.Show.Html("<i>second</i>")); System.out.println("third");')
        kinds = [(m["msg_type"], m["content"].get("text")) for m in msgs if m["msg_type"] in ("stream", "display_data")]
        self.assertEqual(kinds, [("stream", "first\n"), ("display_data", None), ("stream", "third\n")])

    # ---- display ----

    def test_glimpse_a_display_can_be_updated_in_place(self):
        code = ('glimpse.report.Show.show("step 1", "progress-x"); '
                'glimpse.report.Show.update("progress-x", "step 2");')
        reply, msgs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok")
        display = [m for m in msgs if m["msg_type"] == "display_data"]
        update = [m for m in msgs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(display), 1)
        self.assertEqual(len(update), 1)
        self.assertEqual(display[0]["content"]["transient"]["display_id"], "progress-x")
        self.assertEqual(update[0]["content"]["transient"]["display_id"], "progress-x")
        self.assertIn("step 2", update[0]["content"]["data"]["text/html"])

    def test_glimpse_clear_output_wait_flag(self):
        reply, msgs = self.run_cell("glimpse.report.Show.clearOutput(true);")
        clears = [m for m in msgs if m["msg_type"] == "clear_output"]
        self.assertEqual([c["content"]["wait"] for c in clears], [True])

    # ---- inspection and help ----

    def test_glimpse_inspect_inside_and_after_a_name(self):
        for code, cursor in (("Math.abs(-1)", len("Math.a")), ("Math.abs", len("Math.abs")), ("int v = Math.abs(-3);", len("int v = Math.ab"))):
            with self.subTest(code=code, cursor=cursor):
                c = self.inspect(code, cursor)
                self.assertTrue(c["found"])
                self.assertIn("abs(int", c["data"]["text/plain"])
                self.assertIn("text/html", c["data"])

    def test_glimpse_inspect_shows_the_glimpse_javadoc(self):
        source = os.path.join(HOME, "lib/src/main/java/glimpse/report/Show.java")
        sentence = javadoc_first_sentence(source, r"public static Object render\(")
        c = self.inspect("glimpse.report.Show.render(x)", len("glimpse.report.Show.ren"))
        self.assertTrue(c["found"])
        self.assertIn(sentence, c["data"]["text/plain"])
        self.assertIn(sentence.split(";")[0], c["data"]["text/html"])

    def test_glimpse_inspect_shows_the_jdk_javadoc_where_its_sources_are_installed(self):
        src_zip = os.path.join(os.path.realpath(os.path.dirname(os.path.dirname(os.path.realpath("/usr/bin/java")))), "lib", "src.zip")
        if not os.path.exists(src_zip):
            raise unittest.SkipTest("no JDK sources (src.zip) next to java; fix: apt-get install openjdk-17-source")
        c = self.inspect("Math.abs", len("Math.abs"))
        self.assertIn("absolute value", c["data"]["text/plain"])

    def test_glimpse_help_shows_the_javadoc_in_the_pager(self):
        reply, _ = self.run_cell("glimpse.report.Show.render?")
        page = reply["content"]["payload"][0]
        self.assertEqual(page["source"], "page")
        source = os.path.join(HOME, "lib/src/main/java/glimpse/report/Show.java")
        self.assertIn(javadoc_first_sentence(source, r"public static Object render\("), page["data"]["text/plain"])
        self.assertIn("text/html", page["data"])

    # ---- stdin ----

    def test_glimpse_stdin_reads_what_the_frontend_answers(self):
        self.flush_channels()
        msg_id = self.kc.execute("new java.util.Scanner(System.in).nextLine().toUpperCase()", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        # not validate_message: the suite's schema (0.4.5) types input_request.password as a number, the spec as a boolean
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["parent_header"]["msg_id"], msg_id)
        self.assertIs(request["content"]["password"], False)
        self.kc.input("hello")
        try:
            reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        except Empty:
            self.control_request("interrupt_request")   # the input never arrived: free the kernel for the other tests
            raise
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in self.iopub_until_idle(msg_id) if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "HELLO")

    def test_glimpse_an_interrupt_ends_a_cell_waiting_for_input(self):
        self.flush_channels()
        msg_id = self.kc.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
        self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.control_request("interrupt_request")
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        after, _ = self.run_cell("1 + 1")
        self.assertEqual(after["content"]["status"], "ok", "the next cell runs")

    # ---- last: shutdown (unittest runs tests in name order) ----

    def test_zz_glimpse_shutdown_reply_has_status(self):
        reply = self.control_request("shutdown_request", {"restart": False})
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertFalse(reply["content"]["restart"])


class Recorder(unittest.TextTestResult):
    outcomes = []

    def _add(self, test, outcome, detail=""):
        Recorder.outcomes.append({"name": test.id().split(".")[-1], "outcome": outcome, "detail": detail})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._add(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._add(test, "failed", self._exc_info_to_string(err, test).strip().splitlines()[-1])

    def addError(self, test, err):
        super().addError(test, err)
        self._add(test, "error", self._exc_info_to_string(err, test).strip().splitlines()[-1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._add(test, "skipped", reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "failed" if issubclass(err[0], test.failureException) else "error"
            self._add(test, kind, str(subtest.params) + ": " + self._exc_info_to_string(err, test).strip().splitlines()[-1])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(GlimpseKernelTests)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=Recorder, stream=sys.stdout)
    result = runner.run(suite)
    # a test whose subtests failed was recorded once per failing subtest, and not also as passed
    merged = {}
    for o in Recorder.outcomes:
        if o["name"] not in merged or merged[o["name"]]["outcome"] == "passed":
            merged[o["name"]] = o
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(list(merged.values()), f, indent=1)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
