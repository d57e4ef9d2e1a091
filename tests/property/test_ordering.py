"""``stable_order`` (one sort of packed key and index) is a stable argsort."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine.table import stable_order


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.integers(-(2**62), 2**62), max_size=200)
    | st.lists(
        st.integers(0, 5).map(lambda k: k * 60_000_000 + 1_700_000_000_000_000), max_size=200
    )
)
def test_stable_order_is_a_stable_argsort(keys: list[int]) -> None:
    array = np.array(keys, np.int64)
    assert stable_order(array).tolist() == np.argsort(array, kind="stable").tolist()
