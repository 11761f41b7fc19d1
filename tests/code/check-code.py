#!/usr/bin/env python3
"""Checks on the shape of the code that the compiler does not make:

- no function in lib/ or examples/ is longer than 80 lines (from its opening
  brace at column 0 to its closing one);
- lib/core and lib/engine include no header of GDAL, GEOS, PROJ, cairo or
  fontconfig
  (the link of tests/test-engine-alone.c enforces the symbols; this names
  the file and line);
- months are formatted and parsed in one place (lib/core/month.c), files
  are written atomically in one place (lib/core/atomic.c).

Usage: check-code.py SOURCE_ROOT. Prints each finding; exits 1 on any.
"""
import os
import re
import sys

MAX_FUNCTION_LINES = 80
GEO_HEADERS = re.compile(r'#\s*include\s*[<"](gdal|ogr_|cpl_|geos_c|'
                         r'proj\.h|cairo|fontconfig)[^">]*[">]')
# "%04d-%02d" is how a month is written; mkstemp/mkdtemp how a temporary
# file is made.
MONTH_FORMAT = re.compile(r'%0?4d-%02d')
TEMP_FILE = re.compile(r'\bmk(s|d)temp\s*\(')


def c_files(root, *dirs):
    for d in dirs:
        for top, _, names in os.walk(os.path.join(root, d)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    yield os.path.join(top, n)


def long_functions(path):
    """(name, first line, length) of every function over the limit."""
    with open(path) as f:
        lines = f.read().split("\n")
    out = []
    start = None
    for i, line in enumerate(lines):
        if line == "{" and start is None:
            start = i
        elif line.startswith("}") and start is not None:
            length = i - start + 1
            if length > MAX_FUNCTION_LINES:
                head = start - 1
                while head > 0 and "(" not in lines[head]:
                    head -= 1
                name = re.findall(r"(\w+)\s*\(", lines[head])
                out.append((name[0] if name else "?", start + 1, length))
            start = None
    return out


def main():
    root = sys.argv[1]
    findings = []
    for path in c_files(root, "lib", "examples"):
        rel = os.path.relpath(path, root)
        for name, line, length in long_functions(path):
            findings.append("%s:%d: %s is %d lines (at most %d)"
                            % (rel, line, name, length, MAX_FUNCTION_LINES))
        with open(path) as f:
            text = f.read().split("\n")
        for k, line in enumerate(text, 1):
            if rel.startswith(("lib/core", "lib/engine")) and \
                    GEO_HEADERS.search(line):
                findings.append("%s:%d: the engine and the core include no "
                                "geometry library: %s" % (rel, k,
                                                          line.strip()))
            if MONTH_FORMAT.search(line) and rel != "lib/core/month.c":
                findings.append("%s:%d: months are formatted by "
                                "dm_month_format()" % (rel, k))
            if TEMP_FILE.search(line) and rel != "lib/core/atomic.c":
                findings.append("%s:%d: files are written atomically by "
                                "lib/core/atomic.c (dm_output_*)" % (rel, k))
    for f in findings:
        print(f)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
