"""pytest for the whole project: tests/ without Odoo, and the Odoo suites of addons/*/tests
through pytest-odoo when Odoo is loaded (scripts/test does both in one run).

For the Odoo suites this keeps what Odoo's own test runner checks:
- the running test is Odoo's current test (HttpCase requests and tours check it);
- an error logged by Odoo during a test fails the test, as a test run logging an error
  fails under Odoo's runner (expected errors are muted in the tests with mute_logger);
- a browser test that cannot start Chrome fails instead of being skipped.
At the end it prints how many tests of each suite ran: pytest (tests/), Odoo (addons/)
and tours (the addon tests that run a tour in the browser).
"""
import collections
import logging
import pathlib

import pytest

try:
    import odoo.tools
except ImportError:
    odoo = None
else:
    # Odoo's test framework logs an error when imported outside a test run; pytest-odoo
    # imports it before its test flag is set.
    _test_enable = odoo.tools.config["test_enable"]
    odoo.tools.config["test_enable"] = True
    import odoo.tests  # noqa: F401
    odoo.tools.config["test_enable"] = _test_enable

ROOT = pathlib.Path(__file__).resolve().parent
ADDONS = ROOT / "addons"
SUITES = ("pytest", "Odoo", "tours")

_tour_tests = set()
_outcomes = collections.defaultdict(collections.Counter)


def _odoo_loaded(config):
    return config.pluginmanager.has_plugin("odoo") and bool(config.getoption("--odoo-config", None))


def _is_addon_test(item):
    return ADDONS in pathlib.Path(str(item.path)).parents


class _OdooLog(logging.Handler):
    """Odoo's errors, and the screenshots a failed browser test leaves, during one test."""

    SCREENSHOT = "Screenshot in: "

    def __init__(self):
        super().__init__(logging.INFO)
        self.errors = []
        self.screenshots = []

    def emit(self, record):
        if not record.name.startswith("odoo"):
            return
        if record.levelno >= logging.ERROR:
            self.errors.append(f"{record.name}: {record.getMessage()}")
        elif record.getMessage().startswith(self.SCREENSHOT):
            self.screenshots.append(record.getMessage()[len(self.SCREENSHOT):])


def pytest_configure(config):
    if not _odoo_loaded(config):
        return
    from odoo.tests import HttpCase

    start_tour = HttpCase.start_tour

    def recording_start_tour(self, *args, **kwargs):
        _tour_tests.add(self.id())
        return start_tour(self, *args, **kwargs)

    HttpCase.start_tour = recording_start_tour


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _odoo_loaded(item.config) and _is_addon_test(item):
        from odoo.modules import module

        module.current_test = getattr(item, "instance", None) or False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    if not (_odoo_loaded(item.config) and _is_addon_test(item)):
        yield
        return
    handler = _OdooLog()
    logging.getLogger().addHandler(handler)
    try:
        outcome = yield
    finally:
        logging.getLogger().removeHandler(handler)
    if handler.errors and outcome.excinfo is None:
        errors = "\n".join(handler.errors)
        outcome.force_exception(AssertionError(f"Odoo logged errors during the test:\n{errors}"))
    if handler.screenshots:
        item.add_report_section("call", "screenshots", "\n".join(handler.screenshots))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _is_addon_test(item) and _is_browser_skip(report):
        report.outcome = "failed"
        report.longrepr = f"The browser test could not run Chrome: {report.longrepr}"
    if report.when == "call" or report.outcome != "passed":
        suite = "pytest"
        if _is_addon_test(item):
            test_id = getattr(getattr(item, "instance", None), "id", lambda: None)()
            suite = "tours" if test_id in _tour_tests else "Odoo"
        _outcomes[suite][report.nodeid] = report.outcome


def _is_browser_skip(report):
    reason = str(report.longrepr).lower()
    return "chrom" in reason or "websocket" in reason


def pytest_terminal_summary(terminalreporter, config):
    if not _outcomes:
        return
    terminalreporter.section("suites")
    for suite in SUITES if _odoo_loaded(config) else SUITES[:1]:
        counts = collections.Counter(_outcomes[suite].values())
        terminalreporter.write_line(
            f"{suite}: {sum(counts.values())} tests, {counts['passed']} passed, "
            f"{counts['failed']} failed, {counts['skipped']} skipped"
        )
