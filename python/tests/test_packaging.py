"""The in-tree build backend (python/backend): the wheel, the sdist and the
editable wheel built through its PEP 517 / PEP 660 hooks, checked against
the sources, meson.build's version and the wheel format, independently of
the backend (hashes, sizes and metadata recomputed here)."""
import base64
import csv
import email.parser
import hashlib
import importlib.util
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

from .util import CHECKOUT

PYTHON = os.path.join(CHECKOUT, "python")
_loaded = itertools.count()


def meson_version():
    """The project's version, from meson.build's project() call."""
    with open(os.path.join(CHECKOUT, "meson.build"), encoding="utf-8") as f:
        m = re.search(r"^\s*version:\s*'([^']+)',", f.read(), re.M)
    assert m, "no version: line in meson.build"
    return m.group(1)


def load_toml(path):
    """pyproject.toml through tomllib, or the backend's parser before 3.11
    (parse_toml is compared with tomllib below where both exist)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        import tomllib
    except ImportError:
        return backend_in(PYTHON).parse_toml(text)
    return tomllib.loads(text)


def backend_in(root):
    """The backend pyproject.toml in root names, imported from root's
    backend-path (as a frontend would: each root its own module)."""
    with open(os.path.join(root, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    name = re.search(r'^build-backend = "([^"]+)"$', text, re.M).group(1)
    where = re.search(r'^backend-path = \["([^"]+)"\]$', text, re.M).group(1)
    path = os.path.join(root, where, name + ".py")
    spec = importlib.util.spec_from_file_location(
        "%s_%d" % (name, next(_loaded)), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def urlsafe_sha256(data):
    return "sha256=" + base64.urlsafe_b64encode(
        hashlib.sha256(data).digest()).decode().rstrip("=")


def sources():
    """demine/*.py of the checkout: {archive name: bytes}."""
    folder = os.path.join(PYTHON, "demine")
    out = {}
    for f in sorted(os.listdir(folder)):
        if f.endswith(".py"):
            with open(os.path.join(folder, f), "rb") as fh:
                out["demine/" + f] = fh.read()
    return out


class BuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.backend = backend_in(PYTHON)
        cls.version = meson_version()
        cls.dist = "demine-%s.dist-info" % cls.version
        cls.pyproject = load_toml(os.path.join(PYTHON, "pyproject.toml"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def folder(self, name):
        path = os.path.join(self.tmp, name)
        os.makedirs(path)
        return path

    def build(self, hook, name, backend=None):
        out = self.folder(name)
        filename = getattr(backend or self.backend, hook)(out)
        self.assertEqual(os.listdir(out), [filename])
        return os.path.join(out, filename)

    def check_record(self, wheel):
        """RECORD lists every entry but itself with its sha256 and size,
        itself with neither; returns {name: bytes}."""
        with zipfile.ZipFile(wheel) as z:
            names = z.namelist()
            entries = {n: z.read(n) for n in names}
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(names[-1], self.dist + "/RECORD")
        rows = list(csv.reader(io.StringIO(
            entries[self.dist + "/RECORD"].decode("utf-8"))))
        self.assertEqual(sorted(r[0] for r in rows), sorted(names))
        for path, digest, size in rows:
            if path == self.dist + "/RECORD":
                self.assertEqual((digest, size), ("", ""))
            else:
                self.assertEqual(digest, urlsafe_sha256(entries[path]), path)
                self.assertEqual(int(size), len(entries[path]), path)
        return entries

    def check_wheel_file(self, entries):
        wheel = email.parser.Parser().parsestr(
            entries[self.dist + "/WHEEL"].decode("ascii"))
        self.assertEqual(wheel["Wheel-Version"], "1.0")
        self.assertEqual(wheel["Root-Is-Purelib"], "true")
        self.assertEqual(wheel.get_all("Tag"), ["py3-none-any"])
        self.assertTrue(wheel["Generator"])

    def test_wheel(self):
        wheel = self.build("build_wheel", "wheel")
        self.assertEqual(os.path.basename(wheel),
                         "demine-%s-py3-none-any.whl" % self.version)
        entries = self.check_record(wheel)
        self.check_wheel_file(entries)
        # The package, byte for byte, and nothing else outside the
        # dist-info.
        package = {n: d for n, d in entries.items()
                   if not n.startswith(self.dist + "/")}
        self.assertEqual(package, sources())
        self.assertIn("demine/__init__.py", package)
        with open(os.path.join(CHECKOUT, "LICENSE"), "rb") as f:
            self.assertEqual(entries[self.dist + "/LICENSE"], f.read())
        # Reproducible: fixed times (SOURCE_DATE_EPOCH unset) and modes.
        with zipfile.ZipFile(wheel) as z:
            for info in z.infolist():
                if "SOURCE_DATE_EPOCH" not in os.environ:
                    self.assertEqual(info.date_time, (1980, 1, 1, 0, 0, 0))
                self.assertEqual(info.external_attr >> 16, 0o100644)

    def test_metadata(self):
        wheel = self.build("build_wheel", "metadata-wheel")
        with zipfile.ZipFile(wheel) as z:
            text = z.read(self.dist + "/METADATA").decode("utf-8")
        meta = email.parser.Parser().parsestr(text)
        project = self.pyproject["project"]
        self.assertEqual(meta["Metadata-Version"], "2.1")
        self.assertEqual(meta["Name"], "demine")
        self.assertEqual(meta["Version"], self.version)
        self.assertEqual(meta["Summary"], project["description"])
        self.assertEqual(meta["Requires-Python"], project["requires-python"])
        self.assertEqual(meta["License"], "MIT")
        self.assertEqual(meta.get_all("Classifier"), project["classifiers"])
        self.assertEqual(meta.get_all("Provides-Extra"), ["numpy"])
        self.assertEqual(meta.get_all("Requires-Dist"),
                         ['numpy; extra == "numpy"'])
        self.assertEqual(meta["Description-Content-Type"], "text/markdown")
        with open(os.path.join(PYTHON, "README.md"), encoding="utf-8") as f:
            self.assertEqual(meta.get_payload(), f.read())
        # prepare_metadata_for_build_wheel writes the same dist-info.
        out = self.folder("prepared")
        self.assertEqual(
            self.backend.prepare_metadata_for_build_wheel(out), self.dist)
        with open(os.path.join(out, self.dist, "METADATA"),
                  encoding="utf-8") as f:
            self.assertEqual(f.read(), text)

    def test_no_requirements(self):
        for hook in ("get_requires_for_build_wheel",
                     "get_requires_for_build_sdist",
                     "get_requires_for_build_editable"):
            self.assertEqual(getattr(self.backend, hook)(), [], hook)
        build_system = self.pyproject["build-system"]
        self.assertEqual(build_system["requires"], [])

    def test_reproducible(self):
        first = self.build("build_wheel", "again-1")
        second = self.build("build_wheel", "again-2")
        with open(first, "rb") as a, open(second, "rb") as b:
            self.assertEqual(a.read(), b.read())
        first = self.build("build_sdist", "again-3")
        second = self.build("build_sdist", "again-4")
        with open(first, "rb") as a, open(second, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_sdist(self):
        sdist = self.build("build_sdist", "sdist")
        top = "demine-%s" % self.version
        self.assertEqual(os.path.basename(sdist), top + ".tar.gz")
        with tarfile.open(sdist) as tar:
            members = {m.name: m for m in tar.getmembers()}
            files = {m.name[len(top) + 1:]: tar.extractfile(m).read()
                     for m in members.values() if m.isfile()}
            for m in members.values():
                self.assertEqual((m.uid, m.gid), (0, 0), m.name)
                self.assertTrue(m.name == top or m.name.startswith(top + "/"))
        for name in ("pyproject.toml", "README.md", "PKG-INFO", "LICENSE",
                     "backend/demine_backend.py"):
            self.assertIn(name, files)
        with open(os.path.join(PYTHON, "pyproject.toml"), "rb") as f:
            self.assertEqual(files["pyproject.toml"], f.read())
        for name, data in sources().items():
            self.assertEqual(files.get(name), data, name)
        pkg_info = email.parser.Parser().parsestr(
            files["PKG-INFO"].decode("utf-8"))
        self.assertEqual(pkg_info["Version"], self.version)
        self.assertEqual(pkg_info["Name"], "demine")

        # The sdist builds the same wheel as the checkout, byte for byte.
        unpacked = self.folder("unpacked")
        with tarfile.open(sdist) as tar:
            for m in tar.getmembers():
                target = os.path.join(unpacked, m.name)
                if m.isdir():
                    os.makedirs(target, exist_ok=True)
                else:
                    with open(target, "wb") as f:
                        f.write(tar.extractfile(m).read())
        from_sdist = self.build("build_wheel", "from-sdist",
                                backend_in(os.path.join(unpacked, top)))
        from_tree = self.build("build_wheel", "from-tree")
        with open(from_sdist, "rb") as a, open(from_tree, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_editable(self):
        wheel = self.build("build_editable", "editable")
        entries = self.check_record(wheel)
        self.check_wheel_file(entries)
        pth = [n for n in entries if n.endswith(".pth")]
        self.assertEqual(len(pth), 1)
        # Installed as a site folder, the .pth makes demine, and only
        # demine, importable from the checkout (-I: no PYTHONPATH, no
        # current folder).
        site = self.folder("site")
        for name, data in entries.items():
            if "/" not in name:
                with open(os.path.join(site, name), "wb") as f:
                    f.write(data)
        probe = ("import importlib.util, site, sys\n"
                 "site.addsitedir(sys.argv[1])\n"
                 "spec = importlib.util.find_spec('demine')\n"
                 "print(spec.origin if spec else None)\n"
                 "print(importlib.util.find_spec('backend'))\n"
                 "print(importlib.util.find_spec('demine._lib').origin)\n")
        out = subprocess.run([sys.executable, "-I", "-c", probe, site],
                             cwd=self.tmp, capture_output=True, text=True,
                             check=True).stdout.splitlines()
        self.assertEqual(out, [
            os.path.join(PYTHON, "demine", "__init__.py"), "None",
            os.path.join(PYTHON, "demine", "_lib.py")])


class TomlTest(unittest.TestCase):
    """The backend's TOML reader, for Pythons before 3.11."""

    SAMPLE = '''\
# a comment
[build-system]
requires = []   # none
"quoted key" = 'literal \\ string'

[project]
name = "demine"
description = "tab\\t quote\\" \\u00e9 \\\\"
license = {text = "MIT", other.dotted = 2}
classifiers = [
    "A :: B",  # a comment in an array
    'C',
]
flag = true
count = -1_000
project-url.home = "https://example.org"

[project.optional-dependencies]
numpy = ["numpy"]
'''

    @classmethod
    def setUpClass(cls):
        cls.backend = backend_in(PYTHON)

    def test_against_tomllib(self):
        try:
            import tomllib
        except ImportError:
            self.skipTest("no tomllib (Python < 3.11)")
        with open(os.path.join(PYTHON, "pyproject.toml"),
                  encoding="utf-8") as f:
            text = f.read()
        for sample in (text, self.SAMPLE):
            self.assertEqual(self.backend.parse_toml(sample),
                             tomllib.loads(sample))

    def test_sample(self):
        doc = self.backend.parse_toml(self.SAMPLE)
        self.assertEqual(doc["build-system"],
                         {"requires": [], "quoted key": "literal \\ string"})
        project = doc["project"]
        self.assertEqual(project["description"], 'tab\t quote" \u00e9 \\')
        self.assertEqual(project["license"],
                         {"text": "MIT", "other": {"dotted": 2}})
        self.assertEqual(project["classifiers"], ["A :: B", "C"])
        self.assertEqual((project["flag"], project["count"]), (True, -1000))
        self.assertEqual(project["project-url"],
                         {"home": "https://example.org"})
        self.assertEqual(project["optional-dependencies"],
                         {"numpy": ["numpy"]})

    def test_refused(self):
        for text, line in (('a = """x"""\n', 1), ("\n[[t]]\n", 2),
                           ("a = 1.5\n", 1), ("a = 1\na = 2\n", 2),
                           ('a = "open\n', 1), ("a = [1, 2\n", 2),
                           ("[t]\n[t]\n", 2), ("a = 1 b\n", 1)):
            with self.assertRaisesRegex(self.backend.BackendError,
                                        r":%d: " % line, msg=text):
                self.backend.parse_toml(text)


class ProjectTest(unittest.TestCase):
    """pyproject.toml's [project] keys the backend cannot honour are
    refused, not left out of the wheel."""

    def test_unknown_key(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("backend", "demine"):
                shutil.copytree(os.path.join(PYTHON, name),
                                os.path.join(d, name),
                                ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copy(os.path.join(PYTHON, "README.md"), d)
            with open(os.path.join(PYTHON, "pyproject.toml"),
                      encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(d, "pyproject.toml"), "w",
                      encoding="utf-8") as f:
                f.write(text.replace("[project]\n", "[project]\nauthors = "
                                     "[{name = \"X\"}]\n"))
            backend = backend_in(d)
            with self.assertRaisesRegex(backend.BackendError, "authors"):
                backend.build_wheel(d)


if __name__ == "__main__":
    unittest.main()
