"""Posterior files changed in one place each are refused, naming the key.

The embedded fit is read, one key is changed (removed, of the wrong type,
out of its domain), the file is written and loaded again: the loader must
raise DM_ERR_CORRUPT naming the file and the key, and the unchanged file
must load (so each refusal is the change's, not the file's).
"""
import copy
import json
import os
import tempfile
import unittest

import demine

from .util import DATA

POSTERIOR = os.path.join(DATA, "posterior-baseline.json")


def _drop(key):
    def change(d):
        del d[key]
    return change


def _set(path, value):
    def change(d):
        target = d
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = value
    return change


def _drop_in(path, key):
    def change(d):
        target = d
        for k in path:
            target = target[k]
        del target[key]
    return change


# (what is changed, the change, what the message must name)
CHANGES = [
    ("no scenario", _drop("scenario"), "scenario: missing"),
    ("a month 13", _set(["first_month"], "2023-13"),
     "first_month: missing, or not a month"),
    ("no last month", _drop("last_month"), "last_month: missing"),
    ("epsilon a string", _set(["epsilon"], "small"), "epsilon: missing"),
    ("no ess", _drop("ess"), "ess: missing"),
    ("generations a string", _set(["generations"], "7"),
     "generations: missing, or not a whole number"),
    ("seed a fraction", _set(["seed"], 1.5),
     "seed: missing, or not a whole number"),
    ("parameters an object", _set(["parameters"], {}),
     "parameters, observations, particles: missing"),
    ("no particle", _set(["particles"], []), "or no particle"),
    ("a parameter that is a number", _set(["parameters", 0], 3),
     "parameters[0]: not an object with a name"),
    ("a parameter without a name", _drop_in(["parameters", 0], "name"),
     "parameters[0]: not an object with a name"),
    ("a prior out of order", _set(["parameters", 0, "prior"], [3, 2, 1]),
     "parameters[0]: its prior is not min <= mode <= max"),
    ("a prior of two numbers", _set(["parameters", 0, "prior"], [1, 2]),
     "parameters[0].prior: missing, or not the right number"),
    ("a prior with a string", _set(["parameters", 0, "prior"], [1, "2", 3]),
     "parameters[0].prior: a value is not a finite number"),
    ("an observation that is a string", _set(["observations", 0], "x"),
     "observations[0]: not an object"),
    ("an observation's date", _set(["observations", 0, "date"], "soon"),
     "observations[0]: its date is not a month"),
    ("an observation's from", _set(["observations", 3, "from"], "2023"),
     "observations[3]: its from is not a month"),
    ("an observation without a value", _drop_in(["observations", 0], "value"),
     "observations[0]: a value, low or high is missing"),
    ("an unknown quantity", _set(["observations", 0, "quantity"], "mines"),
     "observations[0]"),
    ("a particle that is a list", _set(["particles", 0], [1]),
     "particles[0]: not an object"),
    ("a negative weight", _set(["particles", 0, "weight"], -1),
     "particles[0]: its weight or distance is missing"),
    ("no distance", _drop_in(["particles", 0], "distance"),
     "particles[0]: its weight or distance is missing"),
    ("simulated of one number", _set(["particles", 0, "simulated"], [1]),
     "particles[0].simulated: missing, or not the right number"),
]


class CorruptPosteriorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(POSTERIOR) as f:
            cls.doc = json.load(f)
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, doc, name):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            json.dump(doc, f)
        return path

    def test_the_unchanged_file_loads(self):
        with demine.Context() as ctx:
            ctx.load_posterior(self.write(self.doc, "same.json")).close()

    def test_each_change_is_refused_naming_the_key(self):
        self.assertIn("from", self.doc["observations"][3])
        with demine.Context() as ctx:
            for i, (what, change, needle) in enumerate(CHANGES):
                with self.subTest(what=what):
                    doc = copy.deepcopy(self.doc)
                    change(doc)
                    path = self.write(doc, "changed-%02d.json" % i)
                    with self.assertRaises(demine.DemineError) as e:
                        ctx.load_posterior(path)
                    self.assertEqual(e.exception.status_name,
                                     "DM_ERR_CORRUPT")
                    self.assertIn(path, e.exception.message)
                    self.assertIn(needle, e.exception.message)


if __name__ == "__main__":
    unittest.main()
