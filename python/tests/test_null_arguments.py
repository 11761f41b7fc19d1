"""Every public function refuses NULL where it needs a pointer.

The declarations are read from include/demine.h itself, so a function added
later is tested too: each function that takes a context is called with no
context (every pointer NULL, every number 0), then with a context and every
other pointer NULL. The first must return DM_ERR_NULL_ARGUMENT (or NULL, 0
where the function returns no status); the second must fail (a status that
is not DM_OK, with the function's name in the context's message when it is
DM_ERR_NULL_ARGUMENT), never crash. Functions without a context (the init
and free functions, the version) are called with NULL and must not crash.
"""
import ctypes
import os
import re
import unittest

import demine

from .util import CHECKOUT

HEADER = os.path.join(CHECKOUT, "include", "demine.h")

DM_OK = 0


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _split_params(params):
    """Top-level comma-separated parameters (function pointers kept whole)."""
    out, depth, cur = [], 0, ""
    for ch in params:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur.strip() and cur.strip() != "void":
        out.append(cur.strip())
    return out


def _ctype(decl):
    """The ctypes type of a parameter or return type."""
    decl = re.sub(r"\bconst\b", "", decl)
    if "*" in decl or "(" in decl:
        return ctypes.c_void_p
    words = decl.split()
    if words and words[0] == "double":
        return ctypes.c_double
    if "size_t" in words:
        return ctypes.c_size_t
    if "long" in words:
        return ctypes.c_ulonglong
    return ctypes.c_int


def declarations():
    """(name, return type text, [parameter texts]) of every DM_API
    function."""
    with open(HEADER) as f:
        text = _strip_comments(f.read())
    found = []
    for m in re.finditer(r"DM_API\s+((?:DM_WARN_UNUSED\s+)?)([^;{}()]*?)"
                         r"\b(dm_\w+)\s*\(([^;{}]*?)\)\s*;", text, re.S):
        ret = " ".join(m.group(2).split())
        found.append((m.group(3), ret, _split_params(m.group(4))))
    return found


class NullArgumentsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Handles of our own: the package's declarations stay as they are,
        # and the helpers' (h) are not those each call declares (lib).
        cls.lib = ctypes.CDLL(demine.library_path)
        cls.h = ctypes.CDLL(demine.library_path)
        cls.h.dm_context_new.restype = ctypes.c_void_p
        cls.h.dm_context_free.argtypes = [ctypes.c_void_p]
        cls.h.dm_context_last_error.restype = ctypes.c_char_p
        cls.h.dm_context_last_error.argtypes = [ctypes.c_void_p]
        cls.h.dm_status_str.restype = ctypes.c_char_p
        cls.h.dm_status_str.argtypes = [ctypes.c_int]
        cls.decls = declarations()

    def status(self, value):
        return self.h.dm_status_str(value).decode()

    def function(self, name, ret, params):
        f = getattr(self.lib, name)
        f.argtypes = [_ctype(p) for p in params]
        f.restype = None if ret == "void" else _ctype(ret)
        return f

    @staticmethod
    def zeros(params):
        return [None if _ctype(p) is ctypes.c_void_p else 0 for p in params]

    def test_the_header_is_read(self):
        names = [d[0] for d in self.decls]
        self.assertGreater(len(names), 150)
        for name in ("dm_context_new", "dm_regions_load", "dm_project",
                     "dm_plan_rank", "dm_render_sensitivity"):
            self.assertIn(name, names)

    def test_no_context(self):
        checked = 0
        for name, ret, params in self.decls:
            if not params or not params[0].startswith("dm_context"):
                continue
            with self.subTest(name=name):
                result = self.function(name, ret, params)(*self.zeros(params))
                if ret == "dm_status":
                    self.assertEqual(
                        self.status(result), "DM_ERR_NULL_ARGUMENT")
                elif ret != "void" and _ctype(ret) is not ctypes.c_double:
                    self.assertFalse(result)
                checked += 1
        self.assertGreater(checked, 100)

    def test_null_pointers_with_a_context(self):
        ctx = self.h.dm_context_new()
        checked = 0
        try:
            for name, ret, params in self.decls:
                if not params or not params[0].startswith("dm_context"):
                    continue
                if not any(_ctype(p) is ctypes.c_void_p for p in params[1:]):
                    continue
                with self.subTest(name=name):
                    args = [ctx] + self.zeros(params[1:])
                    result = self.function(name, ret, params)(*args)
                    if ret != "dm_status":
                        continue
                    self.assertNotEqual(result, DM_OK)
                    if self.status(result) == "DM_ERR_NULL_ARGUMENT":
                        message = self.h.dm_context_last_error(ctx)
                        self.assertIn(name.encode(), message)
                    checked += 1
        finally:
            self.h.dm_context_free(ctx)
        self.assertGreater(checked, 70)

    def test_functions_without_a_context_take_null(self):
        for name, ret, params in self.decls:
            if params and params[0].startswith("dm_context"):
                continue
            if name == "dm_context_new" or not params:
                continue
            if not all(_ctype(p) is ctypes.c_void_p for p in params):
                continue
            with self.subTest(name=name):
                self.function(name, ret, params)(*self.zeros(params))


if __name__ == "__main__":
    unittest.main()
