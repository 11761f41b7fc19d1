"""Shared by the Python tests: where the data is."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(CHECKOUT, "data")
SHARED = os.path.join(os.path.dirname(CHECKOUT), "shared", "data")
BOUNDARIES = os.path.join(DATA, "ukraine-admin1.geojson")
SOURCES = os.path.join(DATA, "conflict-ukraine.geojson")

# Ukraine's area, State Statistics Service of Ukraine (DOMAIN.md).
UKRAINE_OFFICIAL_KM2 = 603628.0
