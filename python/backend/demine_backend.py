"""The build backend of the demine Python package (PEP 517 and PEP 660).

Standard library only, so that ``pip install ./python`` needs nothing from
a package index, with or without build isolation: pyproject.toml names it
with ``backend-path`` and ``requires = []``.

It builds a pure-Python wheel (``py3-none-any``) of the ``demine`` package,
an sdist, and an editable wheel whose .pth imports a finder that maps
``demine`` alone to the source folder. The metadata comes from
pyproject.toml's [project] table; the version, declared ``dynamic`` there,
from ``__version__`` in demine/__init__.py, its one place on the Python
side (tests/test_packaging.py checks it against meson.build's).

Wheels and sdists are reproducible: entries sorted, timestamps fixed
(SOURCE_DATE_EPOCH when set, else 1980-01-01, the earliest a zip stores),
owners and modes uniform.
"""

import base64
import csv
import gzip
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BACKEND = os.path.join("backend", "demine_backend.py")
GENERATOR = "demine_backend"
TAG = "py3-none-any"
# The earliest date a zip entry can carry (DOS time starts in 1980); the
# sdist's files carry it too, so that a wheel can be zipped from them.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
TAR_EPOCH = 315532800  # 1980-01-01T00:00:00Z in seconds since 1970
FILE_MODE = 0o644
DIR_MODE = 0o755

# [project] keys this backend turns into metadata; any other is refused
# rather than silently left out of the wheel.
PROJECT_KEYS = {"name", "version", "dynamic", "description", "readme",
                "license", "requires-python", "classifiers", "keywords",
                "urls", "dependencies", "optional-dependencies"}
README_TYPES = {".md": "text/markdown", ".rst": "text/x-rst",
                ".txt": "text/plain"}


class BackendError(Exception):
    """pyproject.toml or the package cannot be turned into a distribution."""


# ---- pyproject.toml --------------------------------------------------------

def parse_toml(text, where="pyproject.toml"):
    """The TOML a pyproject.toml uses, for Pythons without tomllib (< 3.11).

    Tables, dotted keys, basic and literal strings, arrays (over several
    lines, with comments), inline tables, booleans and integers. Anything
    else (multi-line strings, floats, dates, arrays of tables) raises
    BackendError naming the line.
    """
    return _Toml(text, where).parse()


class _Toml:
    _BARE = re.compile(r"[A-Za-z0-9_-]+")
    _INT = re.compile(r"[+-]?[0-9](?:_?[0-9])*")
    _ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r",
                '"': '"', "\\": "\\"}

    def __init__(self, text, where):
        self.s, self.i, self.where = text, 0, where

    def fail(self, what):
        line = self.s.count("\n", 0, self.i) + 1
        raise BackendError("%s:%d: %s" % (self.where, line, what))

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip(self, newlines=False):
        """Skips blanks and comments (and line ends when newlines)."""
        blanks = " \t\r\n" if newlines else " \t"
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in blanks:
                self.i += 1
            elif c == "#":
                end = self.s.find("\n", self.i)
                self.i = len(self.s) if end < 0 else end
            else:
                break

    def end_of_line(self):
        self.skip()
        if self.peek() not in ("", "\n", "\r"):
            self.fail("unexpected %r after a value" % self.peek())

    def parse(self):
        doc = {}
        table = doc
        defined = set()
        while True:
            self.skip(newlines=True)
            if self.i >= len(self.s):
                return doc
            if self.s.startswith("[[", self.i):
                self.fail("arrays of tables are not supported")
            if self.peek() == "[":
                self.i += 1
                path = self.key()
                if self.peek() != "]":
                    self.fail("expected ] after a table name")
                self.i += 1
                self.end_of_line()
                if tuple(path) in defined:
                    self.fail("table [%s] defined twice" % ".".join(path))
                defined.add(tuple(path))
                table = self.descend(doc, path)
                continue
            path = self.key()
            if self.peek() != "=":
                self.fail("expected = after a key")
            self.i += 1
            self.skip()
            self.assign(table, path, self.value())
            self.end_of_line()

    def descend(self, table, path):
        for k in path:
            table = table.setdefault(k, {})
            if not isinstance(table, dict):
                self.fail("%s is not a table" % k)
        return table

    def assign(self, table, path, value):
        table = self.descend(table, path[:-1])
        if path[-1] in table:
            self.fail("key %s defined twice" % ".".join(path))
        table[path[-1]] = value

    def key(self):
        parts = []
        while True:
            self.skip()
            c = self.peek()
            if c == '"':
                parts.append(self.basic_string())
            elif c == "'":
                parts.append(self.literal_string())
            else:
                m = self._BARE.match(self.s, self.i)
                if not m:
                    self.fail("expected a key")
                parts.append(m.group())
                self.i = m.end()
            self.skip()
            if self.peek() != ".":
                return parts
            self.i += 1

    def value(self):
        c = self.peek()
        if self.s.startswith(('"""', "'''"), self.i):
            self.fail("multi-line strings are not supported")
        if c == '"':
            return self.basic_string()
        if c == "'":
            return self.literal_string()
        if c == "[":
            return self.array()
        if c == "{":
            return self.inline_table()
        for word, v in (("true", True), ("false", False)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return v
        m = self._INT.match(self.s, self.i)
        if m and not re.match(r"[.eE:0-9-]", self.s[m.end():m.end() + 1]):
            self.i = m.end()
            return int(m.group().replace("_", ""))
        self.fail("unsupported value")

    def basic_string(self):
        self.i += 1
        out = []
        while True:
            c = self.peek()
            if c in ("", "\n"):
                self.fail("unterminated string")
            self.i += 1
            if c == '"':
                return "".join(out)
            if c != "\\":
                out.append(c)
                continue
            e = self.peek()
            self.i += 1
            if e in self._ESCAPES:
                out.append(self._ESCAPES[e])
            elif e in ("u", "U"):
                n = 4 if e == "u" else 8
                digits = self.s[self.i:self.i + n]
                if not re.fullmatch(r"[0-9A-Fa-f]{%d}" % n, digits):
                    self.fail("bad \\%s escape" % e)
                out.append(chr(int(digits, 16)))
                self.i += n
            else:
                self.fail("bad escape \\%s" % e)

    def literal_string(self):
        end = self.s.find("'", self.i + 1)
        if end < 0 or "\n" in self.s[self.i:end]:
            self.fail("unterminated string")
        text, self.i = self.s[self.i + 1:end], end + 1
        return text

    def array(self):
        self.i += 1
        items = []
        while True:
            self.skip(newlines=True)
            if self.peek() == "]":
                self.i += 1
                return items
            items.append(self.value())
            self.skip(newlines=True)
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "]":
                self.fail("expected , or ] in an array")

    def inline_table(self):
        self.i += 1
        table = {}
        self.skip()
        if self.peek() == "}":
            self.i += 1
            return table
        while True:
            path = self.key()
            if self.peek() != "=":
                self.fail("expected = in an inline table")
            self.i += 1
            self.skip()
            self.assign(table, path, self.value())
            self.skip()
            if self.peek() == "}":
                self.i += 1
                return table
            if self.peek() != ",":
                self.fail("expected , or } in an inline table")
            self.i += 1


def load_pyproject(root=ROOT):
    """pyproject.toml as a dict: tomllib when the Python has it."""
    path = os.path.join(root, "pyproject.toml")
    with open(path, "rb") as f:
        data = f.read()
    try:
        import tomllib
    except ImportError:
        return parse_toml(data.decode("utf-8"), path)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise BackendError("%s: %s" % (path, e))


def _read_version(root, package):
    path = os.path.join(root, package, "__init__.py")
    with open(path, encoding="utf-8") as f:
        m = re.search(r'^__version__ = "([^"]+)"$', f.read(), re.M)
    if not m:
        raise BackendError('%s: no line __version__ = "X.Y.Z"' % path)
    return m.group(1)


def _strings(project, key):
    v = project.get(key, [])
    if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
        raise BackendError("pyproject.toml: [project] %s must be a list of "
                           "strings" % key)
    return v


class Project:
    """What the distributions need from pyproject.toml and the sources."""

    def __init__(self, root=ROOT):
        self.root = root
        meta = load_pyproject(root).get("project")
        if not isinstance(meta, dict):
            raise BackendError("pyproject.toml: no [project] table")
        unknown = sorted(set(meta) - PROJECT_KEYS)
        if unknown:
            raise BackendError("pyproject.toml: [project] %s not supported "
                               "by %s" % (", ".join(unknown), BACKEND))
        self.meta = meta
        self.name = meta.get("name")
        if not isinstance(self.name, str) or not re.fullmatch(
                r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", self.name):
            raise BackendError("pyproject.toml: [project] name %r is not a "
                               "valid project name" % (self.name,))
        # The file name part (wheel and sdist) and the import package.
        self.stem = re.sub(r"[-_.]+", "_", self.name).lower()
        self.package = self.stem
        dynamic = _strings(meta, "dynamic")
        if "version" in dynamic:
            if "version" in meta:
                raise BackendError("pyproject.toml: version both given and "
                                   "dynamic")
            self.version = _read_version(root, self.package)
        else:
            self.version = meta.get("version")
        if set(dynamic) - {"version"}:
            raise BackendError("pyproject.toml: only the version may be "
                               "dynamic")
        # Public versions in canonical form only: the file names must not
        # need normalising.
        if not isinstance(self.version, str) or not re.fullmatch(
                r"[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?"
                r"(\.dev[0-9]+)?", self.version):
            raise BackendError("version %r is not a canonical PEP 440 "
                               "version" % (self.version,))
        self.dist_info = "%s-%s.dist-info" % (self.stem, self.version)
        if not os.path.isfile(os.path.join(root, self.package,
                                           "__init__.py")):
            raise BackendError("no package %s/ next to pyproject.toml"
                               % self.package)

    def package_files(self):
        """The package's modules (*.py, nothing an editor or Python left
        beside them), relative to the root, sorted."""
        found = []
        top = os.path.join(self.root, self.package)
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for f in files:
                if f.endswith(".py") and not f.startswith("."):
                    rel = os.path.relpath(os.path.join(folder, f), self.root)
                    found.append(rel.replace(os.sep, "/"))
        return sorted(found)

    def license_file(self):
        """LICENSE beside pyproject.toml (an sdist) or in the checkout."""
        for folder in (self.root, os.path.dirname(self.root)):
            path = os.path.join(folder, "LICENSE")
            if os.path.isfile(path) and (
                    folder == self.root
                    or os.path.isfile(os.path.join(folder, "meson.build"))):
                return path
        return None

    def readme(self):
        """(text, content type) of [project] readme, or (None, None)."""
        readme = self.meta.get("readme")
        if readme is None:
            return None, None
        if isinstance(readme, str):
            readme = {"file": readme}
        if not isinstance(readme, dict) or "file" not in readme:
            raise BackendError("pyproject.toml: readme must be a file name "
                               "or a table with file")
        ctype = readme.get("content-type") or README_TYPES.get(
            os.path.splitext(readme["file"])[1].lower())
        if not ctype:
            raise BackendError("pyproject.toml: readme %s needs a "
                               "content-type" % readme["file"])
        with open(os.path.join(self.root, readme["file"]),
                  encoding="utf-8") as f:
            return f.read(), ctype

    def metadata(self):
        """METADATA (and PKG-INFO), core metadata 2.1, as text."""
        meta = self.meta
        lines = ["Metadata-Version: 2.1", "Name: " + self.name,
                 "Version: " + self.version]

        def one_line(key, field):
            v = meta.get(key)
            if v is None:
                return
            if not isinstance(v, str) or "\n" in v:
                raise BackendError("pyproject.toml: [project] %s must be "
                                   "one line of text" % key)
            lines.append("%s: %s" % (field, v))

        one_line("description", "Summary")
        keywords = _strings(meta, "keywords")
        if keywords:
            lines.append("Keywords: " + ",".join(keywords))
        lic = meta.get("license")
        if isinstance(lic, dict) and set(lic) == {"text"}:
            lic = lic["text"]
        if lic is not None:
            if not isinstance(lic, str) or "\n" in lic:
                raise BackendError("pyproject.toml: license must be "
                                   "{text = \"...\"} on one line")
            lines.append("License: " + lic)
        urls = meta.get("urls", {})
        if not isinstance(urls, dict) or not all(
                isinstance(u, str) for u in urls.values()):
            raise BackendError("pyproject.toml: [project.urls] must map "
                               "labels to addresses")
        for label in urls:
            lines.append("Project-URL: %s, %s" % (label, urls[label]))
        lines += ["Classifier: " + c for c in _strings(meta, "classifiers")]
        one_line("requires-python", "Requires-Python")
        lines += ["Requires-Dist: " + d for d in _strings(meta,
                                                          "dependencies")]
        extras = meta.get("optional-dependencies", {})
        for extra in extras:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", extra):
                raise BackendError("extra %r is not a normalised name"
                                   % extra)
            for d in _strings(extras, extra):
                marker = 'extra == "%s"' % extra
                lines.append("Requires-Dist: %s; %s" % (
                    d, "(%s) and %s" % (d.split(";", 1)[1].strip(), marker)
                    if ";" in d else marker))
            lines.append("Provides-Extra: " + extra)
        text, ctype = self.readme()
        if text is None:
            return "\n".join(lines) + "\n"
        lines.append("Description-Content-Type: " + ctype)
        return "\n".join(lines) + "\n\n" + text

    def wheel_metadata(self):
        """The dist-info's files but RECORD: {name: bytes}."""
        files = {
            "METADATA": self.metadata().encode("utf-8"),
            "WHEEL": ("Wheel-Version: 1.0\nGenerator: %s\n"
                      "Root-Is-Purelib: true\nTag: %s\n"
                      % (GENERATOR, TAG)).encode("ascii"),
        }
        lic = self.license_file()
        if lic:
            with open(lic, "rb") as f:
                files["LICENSE"] = f.read()
        return files


# ---- archives --------------------------------------------------------------

def _epoch():
    """SOURCE_DATE_EPOCH when set (reproducible builds), else None."""
    v = os.environ.get("SOURCE_DATE_EPOCH")
    return int(v) if v and v.isdigit() else None


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _write_wheel(project, wheel_directory, entries):
    """Writes entries ({archive name: bytes}) and the dist-info as a wheel;
    returns its file name."""
    dist = project.dist_info
    for name, data in project.wheel_metadata().items():
        entries[dist + "/" + name] = data
    # The package first, then the dist-info, RECORD last (the wheel
    # specification recommends it so).
    names = sorted(n for n in entries if not n.startswith(dist + "/"))
    names += sorted(n for n in entries if n.startswith(dist + "/"))
    record = io.StringIO()
    w = csv.writer(record, lineterminator="\n")
    for n in names:
        w.writerow([n, _record_hash(entries[n]), len(entries[n])])
    w.writerow([dist + "/RECORD", "", ""])
    entries[dist + "/RECORD"] = record.getvalue().encode("utf-8")
    names.append(dist + "/RECORD")

    epoch = _epoch()
    stamp = ZIP_EPOCH if epoch is None else max(
        ZIP_EPOCH, time.gmtime(epoch)[:6])
    filename = "%s-%s-%s.whl" % (project.stem, project.version, TAG)
    path = os.path.join(wheel_directory, filename)
    tmp = path + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            info = zipfile.ZipInfo(n, stamp)
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, entries[n])
    os.replace(tmp, path)
    return filename


def _read(root, rel):
    with open(os.path.join(root, rel), "rb") as f:
        return f.read()


def _write_metadata_dir(project, metadata_directory):
    path = os.path.join(metadata_directory, project.dist_info)
    os.makedirs(path, exist_ok=True)
    for name, data in project.wheel_metadata().items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    return project.dist_info


# ---- PEP 517 hooks ---------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    return _write_metadata_dir(Project(), metadata_directory)


def prepare_metadata_for_build_editable(metadata_directory,
                                        config_settings=None):
    return _write_metadata_dir(Project(), metadata_directory)


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    project = Project()
    entries = {rel: _read(project.root, rel)
               for rel in project.package_files()}
    return _write_wheel(project, wheel_directory, entries)


# The editable wheel's finder: the package alone is taken from the source
# folder (a plain path .pth would make every folder beside it importable,
# tests/ and backend/ among them).
_FINDER = '''\
"""Editable install of {name}: {package} is imported from its source."""
import importlib.util
import os
import sys

_FOLDER = {folder!r}


class _Finder:
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != {package!r}:
            return None
        return importlib.util.spec_from_file_location(
            fullname, os.path.join(_FOLDER, "__init__.py"),
            submodule_search_locations=[_FOLDER])


sys.meta_path.append(_Finder)
'''


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    project = Project()
    folder = os.path.join(project.root, project.package)
    finder = "__editable___%s_finder" % project.stem
    source = _FINDER.format(name=project.name, package=project.package,
                            folder=folder)
    entries = {
        finder + ".py": source.encode("utf-8"),
        "__editable__.%s-%s.pth" % (project.stem, project.version):
            ("import %s\n" % finder).encode("utf-8"),
    }
    return _write_wheel(project, wheel_directory, entries)


def build_sdist(sdist_directory, config_settings=None):
    project = Project()
    top = "%s-%s" % (project.stem, project.version)
    files = {"pyproject.toml": _read(project.root, "pyproject.toml"),
             BACKEND.replace(os.sep, "/"): _read(project.root, BACKEND),
             "PKG-INFO": project.metadata().encode("utf-8")}
    readme = project.meta.get("readme")
    if isinstance(readme, dict):
        readme = readme.get("file")
    if readme:
        files[readme] = _read(project.root, readme)
    lic = project.license_file()
    if lic:
        with open(lic, "rb") as f:
            files["LICENSE"] = f.read()
    for rel in project.package_files():
        files[rel] = _read(project.root, rel)

    epoch = _epoch()
    epoch = TAR_EPOCH if epoch is None else max(TAR_EPOCH, epoch)
    filename = top + ".tar.gz"
    path = os.path.join(sdist_directory, filename)
    tmp = path + ".part"
    # Every folder before its files, as tar itself writes them.
    folders = {top}
    for rel in files:
        parts = rel.split("/")[:-1]
        folders.update("/".join([top] + parts[:k + 1])
                       for k in range(len(parts)))
    with open(tmp, "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", filename="",
                          mtime=epoch) as gz, \
            tarfile.open(fileobj=gz, mode="w",
                         format=tarfile.PAX_FORMAT) as tar:
        members = [(d, None) for d in folders]
        members += [(top + "/" + rel, files[rel]) for rel in files]
        for name, data in sorted(members, key=lambda m: m[0]):
            info = tarfile.TarInfo(name)
            info.mtime = epoch
            if data is None:
                info.type, info.mode = tarfile.DIRTYPE, DIR_MODE
                tar.addfile(info)
            else:
                info.size, info.mode = len(data), FILE_MODE
                tar.addfile(info, io.BytesIO(data))
    os.replace(tmp, path)
    return filename
