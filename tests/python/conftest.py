"""Shared fixtures: where the checkout and ../shared are (CTest passes them; defaults for a
bare `pytest tests/python` from the checkout)."""
import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("KILN_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SHARED_DIR = pathlib.Path(os.environ.get("KILN_SHARED_DIR", SOURCE_DIR.parent / "shared"))


@pytest.fixture
def source_dir():
    return SOURCE_DIR


@pytest.fixture
def shared_dir():
    return SHARED_DIR
