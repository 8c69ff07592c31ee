"""The collector comes back after a bulk read, whatever happened inside it."""

from __future__ import annotations

import gc

import pytest

from viewer.nogc import gc_paused


def test_the_collector_is_off_inside_and_back_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("a read failed half way")
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_it_off_until_the_outer_one_ends() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
