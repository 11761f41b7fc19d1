#!/usr/bin/env python3
"""The HTML report in a real browser.

demine-project writes report.html beside comparison.csv; Debian's headless
Chromium opens it with the network off, driven over the Chrome DevTools
Protocol (--remote-debugging-pipe: fd 3 in, fd 4 out, JSON messages ended by
a NUL byte), and the test checks what a reader would see:

  (a) no console error, no uncaught exception, no failed load and no request
      other than the report's own file:// URL and data: URLs;
  (b) each figure (FIGURES: the map, the fit, both burn-downs, the
      comparison, what drives the answer) decoded and not blank: its
      rectangle in a full-page screenshot has more than MIN_DISTINCT
      colours and more than MIN_NONWHITE of its pixels not white
      (png-region measures it);
  (c) the comparison table (table#comparison tr[data-measure], its
      td[data-column] cells) the same as comparison.csv, field for field,
      each cell's text agreeing with its data-value;
  (d) the page's text in the face it embeds ("demine sans"), loaded;
  (e) printable: Chromium prints it to an A4 PDF of several pages;

and that (a) can fail: a copy of the report with an image on the network
must be reported.

Usage:
  report_browser.py DEMINE_PROJECT PNG_REGION
      the test (exit 0 passed, 1 failed, 77 skipped: no /usr/bin/chromium);
  report_browser.py --report FILE --csv FILE PNG_REGION
      the same checks on a report and CSV already made (development);
  report_browser.py --screenshot REPORT.html OUT.png [--width W] [--height H]
      only a picture of the top of the page (viewport-sized; the network
      off); exits 1 on any console error and then writes nothing.
Standard library only.
"""
import argparse
import base64
import csv
import fcntl
import json
import math
import os
import queue
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

CHROMIUM = "/usr/bin/chromium"
SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "data"))

FIGURES = ["#map img", "#fit-chart img", "#burndown-open img", "#burndown img",
           "#comparison-chart img", "#sensitivity img"]
MIN_DISTINCT = 20     # colours in a figure's rectangle: more than this
MIN_NONWHITE = 0.01   # fraction of its pixels not white: more than this
MIN_SIDE = 50         # CSS px: a figure's rectangle at least this wide, high
CSV_COLUMNS = ["scenario", "versus", "region", "measure", "year", "unit",
               "change_p10", "change_p50", "change_p90", "paired_runs",
               "versus_p50", "scenario_p50"]
CSV_DIGITS = 6        # comparison.csv writes %.6g
NUMERIC = CSV_COLUMNS[6:]  # the cells whose text shows a number
KEY = ["scenario", "versus", "region", "measure", "year"]
MUST_SHOW = ("national", "open_at_start")  # regions the table must have
BAD_IMAGE = '<img src="http://example.invalid/x.png">'

CALL_TIMEOUT = 30.0   # seconds for one DevTools call
LOAD_TIMEOUT = 30.0   # seconds for a page's load event
START_TIMEOUT = 30.0  # seconds for Chromium's first answer

# The only proxy is a closed port on the loopback; no host name resolves.
LAUNCH_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--disable-default-apps",
    "--mute-audio", "--hide-scrollbars", "--force-color-profile=srgb",
    "--force-device-scale-factor=1",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
]


class Failed(Exception):
    """A check failed (or could not be made)."""


class BrowserError(Exception):
    """Chromium answered with an error, went away, or was too slow."""


def _terminate(signum, frame):
    # meson's timeout (SIGTERM) or ^C: unwind, so Chromium is killed.
    print("report_browser: stopped by signal %d" % signum, file=sys.stderr)
    raise SystemExit(128 + signum)


class Browser:
    """Headless Chromium on a DevTools pipe; a context manager that kills
    it (and its children: its own process group) on every exit path."""

    def __init__(self, workdir, width, height, chromium=CHROMIUM):
        self.workdir = workdir
        self.width, self.height = width, height
        self.events = []          # every event, in order of arrival
        self._closed = False
        self._next_id = 0
        self._queue = queue.Queue()
        profile = os.path.join(workdir, "profile")
        home = os.path.join(workdir, "home")
        os.makedirs(profile)
        os.makedirs(home)
        self.log_path = os.path.join(workdir, "chromium.log")
        env = dict(os.environ, HOME=home,
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_CACHE_HOME=os.path.join(home, ".cache"))
        # to_child: we write, Chromium reads on fd 3; from_child: it writes
        # on fd 4, we read.
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()

        def child_fds():
            a = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [chromium] + LAUNCH_FLAGS + [
            "--user-data-dir=" + profile,
            "--window-size=%d,%d" % (width, height), "about:blank"]
        try:
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                    env=env, cwd=workdir, pass_fds=(3, 4),
                    preexec_fn=child_fds, start_new_session=True)
        except OSError as e:
            for fd in (to_r, to_w, from_r, from_w):
                os.close(fd)
            raise BrowserError("cannot start %s: %s" % (chromium, e))
        os.close(to_r)
        os.close(from_w)
        self._out = to_w
        self._in = from_r
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def __enter__(self):
        try:
            self.call("Browser.getVersion", timeout=START_TIMEOUT)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._in, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._queue.put(None)
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                try:
                    self._queue.put(json.loads(msg.decode("utf-8")))
                except ValueError:
                    pass

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def _receive(self, deadline, what):
        left = deadline - time.monotonic()
        if left <= 0:
            raise BrowserError("no answer to %s in time" % what)
        try:
            msg = self._queue.get(timeout=left)
        except queue.Empty:
            raise BrowserError("no answer to %s in time" % what)
        if msg is None:
            self._queue.put(None)
            raise BrowserError("Chromium closed the pipe (during %s); its "
                               "log ends:\n%s" % (what, self.log_tail()))
        if "method" in msg:
            self.events.append(msg)
        return msg

    def call(self, method, params=None, session=None, timeout=CALL_TIMEOUT):
        self._next_id += 1
        mid = self._next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session is not None:
            msg["sessionId"] = session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._out, data):]
        except OSError as e:
            raise BrowserError("cannot send %s: %s (Chromium %s); its "
                               "log ends:\n%s" % (
                                   method, e, "exited" if self.exited()
                                   else "running",
                                   self.log_tail()))
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == mid:
                if "error" in reply:
                    raise BrowserError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})

    def wait_event(self, method, session, since, timeout):
        """The first event METHOD of SESSION at or after index SINCE of
        self.events; its index."""
        deadline = time.monotonic() + timeout
        k = since
        while True:
            while k < len(self.events):
                e = self.events[k]
                if e["method"] == method and e.get("sessionId") == session:
                    return k
                k += 1
            self._receive(deadline, method)

    def exited(self, timeout=0.0):
        """Whether Chromium has exited, without reaping it (so that its
        process group stays ours until close() has killed it)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if os.waitid(os.P_PID, self.proc.pid, os.WEXITED |
                             os.WNOHANG | os.WNOWAIT) is not None:
                    return True
            except ChildProcessError:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def close(self):
        if self._closed:
            return
        self._closed = True
        if not self.exited():
            try:
                self.call("Browser.close", timeout=5)
            except BrowserError:
                pass
            self.exited(5)
        # Whatever is left of the group Chromium leads (renderers, zygote):
        # its leader not reaped yet, the group is still the one it made.
        if self.proc.returncode is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
        for fd in (self._out, self._in):
            try:
                os.close(fd)
            except OSError:
                pass


class Page:
    """One tab of the browser, the network off, on URL once loaded."""

    def __init__(self, browser, url):
        self.b = browser
        self.url = url
        target = browser.call("Target.createTarget",
                              {"url": "about:blank"})["targetId"]
        self.session = browser.call(
            "Target.attachToTarget",
            {"targetId": target, "flatten": True})["sessionId"]
        self.first_event = len(browser.events)
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(domain + ".enable")
        self.send("Network.emulateNetworkConditions",
                  {"offline": True, "latency": 0,
                   "downloadThroughput": -1, "uploadThroughput": -1})
        self.set_size(browser.width, browser.height)
        since = len(browser.events)
        nav = self.send("Page.navigate", {"url": url})
        if nav.get("errorText"):
            raise Failed("cannot open %s: %s" % (url, nav["errorText"]))
        deadline = time.monotonic() + LOAD_TIMEOUT
        while True:
            k = browser.wait_event("Page.loadEventFired", self.session,
                                   since, deadline - time.monotonic())
            state = self.evaluate("JSON.stringify([location.href,"
                                  " document.readyState])")
            if same_url(state[0], url) and state[1] == "complete":
                break
            since = k + 1
        self.wait_images()

    def wait_images(self):
        """Every image decoded (or failed to), the fonts in, two frames."""
        self.evaluate("Promise.all(Array.from(document.images, i =>"
                      " i.decode().then(() => 1, () => 0)))"
                      ".then(r => document.fonts.ready.then(() =>"
                      " JSON.stringify(r)))", await_promise=True)
        self.settle()

    def send(self, method, params=None, timeout=CALL_TIMEOUT):
        return self.b.call(method, params, self.session, timeout)

    def evaluate(self, expression, await_promise=False):
        """The value of a JavaScript expression that gives a JSON string."""
        r = self.send("Runtime.evaluate",
                      {"expression": expression, "returnByValue": True,
                       "awaitPromise": await_promise})
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise Failed("script failed in the page: %s %s" % (
                d.get("text", ""),
                d.get("exception", {}).get("description", "")))
        value = r.get("result", {}).get("value")
        if not isinstance(value, str):
            raise Failed("script gave no JSON: %r" % (r.get("result"),))
        return json.loads(value)

    def settle(self):
        """Two animation frames: the layout and paint are current."""
        self.evaluate("new Promise(r => requestAnimationFrame(() =>"
                      " requestAnimationFrame(() => r('1'))))",
                      await_promise=True)

    def set_size(self, width, height):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": int(width), "height": int(height),
                   "deviceScaleFactor": 1, "mobile": False})

    def document_size(self):
        return self.evaluate(
            "(() => { const d = document.documentElement,"
            " b = document.body || d; return JSON.stringify([Math.ceil("
            "Math.max(d.scrollWidth, b.scrollWidth, d.clientWidth)),"
            " Math.ceil(Math.max(d.scrollHeight, b.scrollHeight,"
            " d.clientHeight))]); })()")

    def screenshot(self, path, width, height):
        shot = self.send("Page.captureScreenshot",
                         {"format": "png", "captureBeyondViewport": False,
                          "clip": {"x": 0, "y": 0, "width": width,
                                   "height": height, "scale": 1}},
                         timeout=60)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def problems(self):
        """Console errors, exceptions, failed loads and requests that leave
        the file, as one sentence each."""
        # A round trip: whatever the page sent before it has arrived.
        self.evaluate("'1'")
        out = []
        urls = {}
        for e in self.b.events[self.first_event:]:
            if e.get("sessionId") != self.session:
                continue
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.consoleAPICalled" and \
                    p.get("type") in ("error", "assert"):
                out.append("console.%s: %s" % (p["type"], " ".join(
                    _remote_text(a) for a in p.get("args", []))))
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append("uncaught exception: %s %s" % (
                    d.get("text", ""),
                    d.get("exception", {}).get("description", "")))
            elif m == "Log.entryAdded" and \
                    p.get("entry", {}).get("level") == "error":
                entry = p["entry"]
                out.append("log error (%s): %s %s" % (
                    entry.get("source"), entry.get("text"),
                    entry.get("url", "")))
            elif m == "Network.requestWillBeSent":
                url = p.get("request", {}).get("url", "")
                urls[p.get("requestId")] = url
                if not url.startswith("data:") and \
                        not same_url(url, self.url):
                    out.append("request to another URL: %s" % url)
            elif m == "Inspector.targetCrashed":
                out.append("the page crashed")
            elif m == "Network.loadingFailed":
                out.append("loading failed: %s: %s%s" % (
                    _short(urls.get(p.get("requestId"), "?")),
                    p.get("errorText"),
                    " (blocked: %s)" % p["blockedReason"]
                    if p.get("blockedReason") else ""))
        return out


def _remote_text(arg):
    for k in ("value", "unserializableValue", "description"):
        if k in arg:
            return str(arg[k])
    return arg.get("type", "?")


def _short(url):
    return url if len(url) < 100 else url[:60] + "…"


def file_url(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def same_url(a, b):
    """The same file, whatever the quoting or fragment."""
    return urllib.parse.unquote(a.split("#")[0]) == \
        urllib.parse.unquote(b.split("#")[0])


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise Failed("%s is not a PNG" % path)
    return struct.unpack(">II", head[16:24])


class Report:
    """One line per check; the failures counted."""

    def __init__(self):
        self.failures = 0

    def check(self, ok, what, detail=""):
        print("%s: %s%s" % ("ok" if ok else "FAIL", what,
                            (": " + detail) if detail and not ok else ""),
              flush=True)
        if not ok:
            self.failures += 1
        return ok


# ---- (a) the console and the network --------------------------------------

def check_console(rep, page, name):
    problems = page.problems()
    rep.check(not problems, "%s: no console error, exception, failed load "
              "or request off the file" % name,
              "; ".join(problems[:10]) +
              (" (and %d more)" % (len(problems) - 10)
               if len(problems) > 10 else ""))


def check_font(rep, page):
    """The page's text is in the face the report embeds ("demine sans",
    a data: URI): the browser loaded it and the body uses it."""
    got = page.evaluate(
        "document.fonts.ready.then(() => JSON.stringify({"
        "faces: [...document.fonts].map(f => [f.family, f.status]),"
        "body: getComputedStyle(document.body).fontFamily,"
        "used: document.fonts.check('16px \"demine sans\"')}))",
        await_promise=True)
    faces = [status for family, status in got["faces"]
             if family.strip('"\'') == "demine sans"]
    rep.check(faces and set(faces) == {"loaded"} and got["used"] and
              got["body"].startswith('"demine sans"'),
              "the embedded face is loaded and the text uses it",
              "faces %s, body font-family %s" % (got["faces"], got["body"]))


def check_print(rep, page, tmp):
    """Printable: Chromium prints the page to A4 (Page.printToPDF, its
    print style), a PDF of several pages."""
    r = page.send("Page.printToPDF",
                  {"printBackground": True, "paperWidth": 8.27,
                   "paperHeight": 11.69, "preferCSSPageSize": False},
                  timeout=120)
    pdf = base64.b64decode(r.get("data", ""))
    path = os.path.join(tmp, "report.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    rep.check(pdf.startswith(b"%PDF-") and pages >= 3,
              "printed to A4: %s, %d pages" % (path, pages),
              "not a PDF of several pages (%d bytes, %d pages)"
              % (len(pdf), pages))


def self_check(rep, browser, report):
    """The console/network check can fail: a copy with an image on the
    network must be reported (request off the file, load failed)."""
    with open(report, encoding="utf-8") as f:
        html = f.read()
    at = html.rfind("</body>")
    html = html[:at] + BAD_IMAGE + html[at:] if at >= 0 else html + BAD_IMAGE
    copy = os.path.join(browser.workdir, "report-selfcheck.html")
    with open(copy, "w", encoding="utf-8") as f:
        f.write(html)
    page = Page(browser, file_url(copy))
    problems = page.problems()
    asked = [p for p in problems
             if p.startswith("request to another URL") and
             "example.invalid" in p]
    failed = [p for p in problems
              if p.startswith("loading failed") and "example.invalid" in p]
    rep.check(bool(asked) and bool(failed),
              "self-check: a copy with <img src=\"http://example.invalid/"
              "x.png\"> is reported (%s)" % "; ".join(asked + failed),
              "the harness reported %s" % (problems or "nothing"))


# ---- (b) the figures ------------------------------------------------------

FIGURES_JS = """JSON.stringify(%s.map(sel => Array.from(
  document.querySelectorAll(sel), img => {
    const r = img.getBoundingClientRect();
    return {sel: sel, x: r.left + window.scrollX, y: r.top + window.scrollY,
            w: r.width, h: r.height, complete: img.complete,
            naturalWidth: img.naturalWidth,
            naturalHeight: img.naturalHeight};
  })))"""


def full_page_screenshot(page, path):
    """Viewport set to the document's size (until that is stable), then
    one screenshot of it; the figures' page rectangles in that layout."""
    w, h = page.document_size()
    for _ in range(5):
        page.set_size(w, h)
        page.settle()
        nw, nh = page.document_size()
        if (nw, nh) == (w, h):
            break
        w, h = nw, nh
    page.wait_images()  # any image that waited for the viewport (lazy)
    figures = page.evaluate(FIGURES_JS % json.dumps(FIGURES))
    page.screenshot(path, w, h)
    return (w, h), figures


def check_figures(rep, page, png_region, shot):
    (w, h), figures = full_page_screenshot(page, shot)
    pw, ph = png_size(shot)
    scale = pw / w
    rep.check(pw > 0 and abs(ph - h * scale) < 2,
              "full-page screenshot %s (%dx%d px, page %dx%d)"
              % (shot, pw, ph, w, h), "its size differs from the page's")
    for sel, imgs in zip(FIGURES, figures):
        if not rep.check(bool(imgs), "%s: in the page" % sel,
                         "no element matches"):
            continue
        for k, img in enumerate(imgs):
            name = sel if len(imgs) == 1 else "%s [%d]" % (sel, k)
            rep.check(img["complete"] and img["naturalWidth"] > 0,
                      "%s: decoded (%dx%d)" % (name, img["naturalWidth"],
                                               img["naturalHeight"]),
                      "naturalWidth 0: the image did not load or decode")
            # Device pixels strictly inside the CSS rectangle.
            x0 = math.ceil(img["x"] * scale)
            y0 = math.ceil(img["y"] * scale)
            x1 = math.floor((img["x"] + img["w"]) * scale)
            y1 = math.floor((img["y"] + img["h"]) * scale)
            if not rep.check(x1 - x0 >= MIN_SIDE * scale and
                             y1 - y0 >= MIN_SIDE * scale,
                             "%s: shown (%.0fx%.0f at %.0f,%.0f)" % (
                                 name, img["w"], img["h"], img["x"],
                                 img["y"]),
                             "smaller than %dx%d px" % (MIN_SIDE, MIN_SIDE)):
                continue
            r = subprocess.run([png_region, shot, str(x0), str(y0),
                                str(x1 - x0), str(y1 - y0)],
                               capture_output=True, text=True, timeout=60)
            m = re.fullmatch(r"distinct=(\d+) nonwhite=([0-9.]+)\s*",
                             r.stdout)
            if not rep.check(r.returncode == 0 and m is not None,
                             "%s: png-region %d %d %d %d" % (
                                 name, x0, y0, x1 - x0, y1 - y0),
                             (r.stderr or r.stdout).strip()):
                continue
            distinct, nonwhite = int(m.group(1)), float(m.group(2))
            rep.check(distinct > MIN_DISTINCT and nonwhite > MIN_NONWHITE,
                      "%s: not blank (%d colours, %.1f %% not white)"
                      % (name, distinct, 100 * nonwhite),
                      "blank or broken: at least %d colours and %g %% not "
                      "white wanted" % (MIN_DISTINCT + 1,
                                        100 * MIN_NONWHITE))


# ---- (c) the comparison table ---------------------------------------------

TABLE_JS = """JSON.stringify(Array.from(
  document.querySelectorAll('table#comparison tr[data-measure]'), tr => ({
    scenario: tr.getAttribute('data-scenario'),
    versus: tr.getAttribute('data-versus'),
    region: tr.getAttribute('data-region'),
    measure: tr.getAttribute('data-measure'),
    year: tr.getAttribute('data-year'),
    cells: Array.from(tr.querySelectorAll('td[data-column]'), td => ({
      column: td.getAttribute('data-column'),
      value: td.getAttribute('data-value'),
      text: td.innerText}))})))"""

NUMBER = re.compile(r"([+\-\u2212]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


def shown_problem(text, value):
    """Why TEXT does not show VALUE (a CSV field), or None."""
    t = text.strip()
    if value == "" or value.lower() == "nan":
        return None if t == "n/a" else "shows %r for an empty value, not " \
            "\"n/a\"" % t
    try:
        v = float(value)
    except ValueError:
        return "its value %r is not a number" % value
    if math.isinf(v):
        # A P50 of years past the horizon shows as ">H" (H years).
        want = ("+inf", "inf") if v > 0 else ("-inf", "\u2212inf")
        past = v > 0 and re.fullmatch(r">\d+(\.\d+)?", t) is not None
        return None if t in want or past else "shows %r for %s" % (t, value)
    m = NUMBER.fullmatch(t)
    if m is None:
        return "shows %r: not a number" % t
    shown = float(m.group(2).replace(",", "") +
                  ("." + m.group(3) if m.group(3) else ""))
    if m.group(1) in ("-", "\u2212"):
        shown = -shown
    half = 0.5 * 10.0 ** -len(m.group(3) or "")
    # The CSV's field is itself rounded (%.6g): the page may show the
    # unrounded number, so half a unit of the field's last digit more.
    slack = csv_half_unit(value, v)
    if abs(shown - v) > (half + slack) * (1 + 1e-9):
        return "shows %r for %s (off by more than %g)" % (t, value,
                                                          half + slack)
    return None


def csv_half_unit(text, v):
    """Half a unit of the last digit a CSV field can hold: of its last
    written digit, and at most of its CSV_DIGITS-th significant one."""
    if v == 0:
        return 0.0
    mantissa, _, exp = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    written = 0.5 * 10.0 ** (int(exp or 0) - decimals)
    significant = 0.5 * 10.0 ** (math.floor(math.log10(abs(v))) -
                                 (CSV_DIGITS - 1))
    return min(written, significant)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        rows = list(reader)
    return header, rows


def check_table(rep, page, csv_path):
    header, rows = read_csv(csv_path)
    rep.check(header == CSV_COLUMNS, "comparison.csv: its columns",
              "%s, not %s" % (header, CSV_COLUMNS))
    by_key = {}
    for r in rows:
        by_key[tuple(r.get(k, "") for k in KEY)] = r
    html = page.evaluate(TABLE_JS)
    rep.check(len(html) > 0, "table#comparison: %d rows (%d in the CSV)"
              % (len(html), len(rows)), "no row with data-measure")
    bad = []
    cells = 0
    seen = set()
    for tr in html:
        # A row of no year may leave data-year out.
        if tr["year"] is None:
            tr["year"] = ""
        missing = [k for k in KEY if tr[k] is None]
        if missing:
            bad.append("a row without data-%s" % ", data-".join(missing))
            continue
        key = tuple(tr[k] for k in KEY)
        seen.add(key)
        name = "/".join(x for x in key if x)
        row = by_key.get(key)
        if row is None:
            bad.append("%s: no such row in comparison.csv" % name)
            continue
        if not tr["cells"]:
            bad.append("%s: no td[data-column]" % name)
        for c in tr["cells"]:
            cells += 1
            col = c["column"]
            if col not in row:
                bad.append("%s: data-column %r is no column of the CSV"
                           % (name, col))
                continue
            if c["value"] != row[col]:
                bad.append("%s %s: data-value %r, the CSV has %r"
                           % (name, col, c["value"], row[col]))
                continue
            why = shown_problem(c["text"], row[col]) \
                if col in NUMERIC else None
            if why:
                bad.append("%s %s: %s" % (name, col, why))
    rep.check(not bad, "table#comparison: %d cells of %d rows the same as "
              "comparison.csv (data-value field for field, the text its "
              "value)" % (cells, len(html)),
              "; ".join(bad[:10]) +
              (" (and %d more)" % (len(bad) - 10) if len(bad) > 10 else ""))
    wanted = [k for k, r in by_key.items() if r["region"] in MUST_SHOW]
    absent = [k for k in wanted if k not in seen]
    rep.check(wanted and not absent,
              "table#comparison: all %d CSV rows of %s shown"
              % (len(wanted), " and ".join(MUST_SHOW)),
              "%d absent, e.g. %s" % (len(absent), ", ".join(
                  "/".join(x for x in k if x) for k in absent[:5]))
              if absent else "the CSV has none")


# ---- the modes ------------------------------------------------------------

def make_report(rep, tool, tmp):
    out = os.path.join(tmp, "out")
    cmd = [tool, "--runs", "40", "--threads", "2",
           "--scenario", os.path.join(DATA, "scenarios", "baseline.json"),
           "--scenario", os.path.join(DATA, "scenarios", "japan-support.json"),
           "--out", out]
    t = time.monotonic()
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=180)
    report = os.path.join(out, "report.html")
    comparison = os.path.join(out, "comparison.csv")
    if not rep.check(r.returncode == 0, "demine-project --runs 40 baseline "
                     "and japan-support (%.1f s)" % (time.monotonic() - t),
                     "exit %d: %s" % (r.returncode, r.stderr.strip())):
        raise Failed("no report")
    for p in (report, comparison):
        if not rep.check(os.path.isfile(p), "it wrote %s" %
                         os.path.basename(p), "%s is missing" % p):
            raise Failed("no report")
    return report, comparison


def run_checks(args):
    rep = Report()
    tmp = tempfile.mkdtemp(prefix="demine-browser-")
    start = time.monotonic()
    try:
        if args.report:
            report, comparison = args.report, args.csv
        else:
            report, comparison = make_report(rep, args.tools[0], tmp)
        shot = os.path.join(tmp, "report.png")
        with Browser(os.path.join(tmp, "browser"), args.width,
                     args.height, args.chromium) as browser:
            try:
                page = Page(browser, file_url(report))
                rep.check(True, "opened %s (network off)" % page.url)
                check_figures(rep, page, args.tools[-1], shot)
                check_table(rep, page, comparison)
                check_font(rep, page)
                check_print(rep, page, tmp)
                check_console(rep, page, "report.html")
                self_check(rep, browser, report)
            except (Failed, BrowserError) as e:
                rep.check(False, "the browser checks", str(e))
                print("chromium's log ends:\n" + browser.log_tail())
    except Failed as e:
        rep.check(False, "the browser test", str(e))
    except BrowserError as e:
        rep.check(False, "Chromium", str(e))
    finally:
        took = time.monotonic() - start
        if rep.failures and not args.keep:
            print("kept %s (the screenshot, Chromium's log)" % tmp)
        elif not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("kept %s" % tmp)
    print("%s in %.1f s" % ("FAILED" if rep.failures else "passed", took))
    return 1 if rep.failures else 0


def run_screenshot(args):
    report, out = args.screenshot
    if not os.path.isfile(report):
        print("report_browser: no such file: %s" % report, file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="demine-shot-")
    try:
        with Browser(tmp, args.width, args.height, args.chromium) as b:
            page = Page(b, file_url(report))
            page.settle()
            problems = page.problems()
            if problems:
                for p in problems:
                    print("report_browser: %s: %s" % (report, p),
                          file=sys.stderr)
                return 1
            page.screenshot(out + ".part", args.width, args.height)
            os.replace(out + ".part", out)
    except (Failed, BrowserError) as e:
        print("report_browser: %s: %s" % (report, e), file=sys.stderr)
        return 1
    finally:
        if os.path.exists(out + ".part"):
            os.remove(out + ".part")
        shutil.rmtree(tmp, ignore_errors=True)
    print("wrote %s (%dx%d, the top of %s)" % (out, args.width, args.height,
                                                report))
    return 0


def main(argv):
    ap = argparse.ArgumentParser(
        description="The HTML report in headless Chromium.")
    ap.add_argument("tools", nargs="*", metavar="TOOL",
                    help="DEMINE_PROJECT PNG_REGION (with --report: "
                    "PNG_REGION)")
    ap.add_argument("--report", metavar="FILE",
                    help="check this report instead of making one")
    ap.add_argument("--csv", metavar="FILE",
                    help="its comparison.csv (with --report)")
    ap.add_argument("--screenshot", nargs=2, metavar=("REPORT", "OUT"),
                    help="only a picture of the top of REPORT into OUT")
    ap.add_argument("--width", type=int, default=None)
    ap.add_argument("--height", type=int, default=None)
    ap.add_argument("--chromium", default=CHROMIUM, help=argparse.SUPPRESS)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary folder")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    if args.screenshot:
        args.width = args.width or 1200
        args.height = args.height or 1600
    else:
        args.width = args.width or 1200
        args.height = args.height or 900
        if bool(args.report) != bool(args.csv):
            ap.error("--report and --csv go together")
        if len(args.tools) != (1 if args.report else 2):
            ap.error("give DEMINE_PROJECT PNG_REGION, or --report FILE "
                     "--csv FILE PNG_REGION")
    if args.width < 100 or args.height < 100:
        ap.error("--width and --height: 100 px at least")
    if not os.path.exists(args.chromium):
        print("SKIP: no %s (Debian's chromium package)" % args.chromium)
        return SKIP
    if args.screenshot:
        return run_screenshot(args)
    return run_checks(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
