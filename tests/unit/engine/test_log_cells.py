"""CSV cells as bytes: splitting plain blocks and coding each column's cells with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from gkrules.engine import log_cells
from gkrules.engine.log_cells import WORD_BYTES, CellEncoder, plain_quotes, split_cells


def _column(body: str, width: int, column: int) -> tuple[np.ndarray, ...]:
    cells = split_cells(body.encode("utf-8"), width, quoted='"' in body)
    assert cells is not None
    starts, lengths, doubled = cells.column(column)
    return (
        (cells.data, starts, lengths) if doubled is None else (cells.data, starts, lengths, doubled)
    )


def _decoded(encoder: CellEncoder, codes: np.ndarray) -> list[str | None]:
    return [None if code < 0 else encoder.vocab[code] for code in codes.tolist()]


def test_split_cells_finds_every_cell_and_refuses_uneven_lines() -> None:
    cells = split_cells("a,bc,\n,日期,x\n".encode(), 3)
    assert cells is not None
    assert [cells.text(column, row) for row in range(2) for column in range(3)] == [
        *("a", "bc", ""),
        *("", "日期", "x"),
    ]
    assert [cells.column(column)[1].tolist() for column in range(3)] == [[1, 0], [2, 6], [0, 1]]
    assert cells.column(0)[0].tolist() == [0, 6]
    assert split_cells(b"a,b\na,b,c\n", 2) is None
    assert split_cells(b"a,b,c\na\n", 2) is None
    assert split_cells(b"a,b\na,b\n", 3) is None


def test_codes_follow_first_appearance_and_empty_cells_are_missing() -> None:
    encoder = CellEncoder()
    body = "".join(f"{v}\n" for v in ["收到申请", "", "答复", "收到申请", " 答复", "答复"])
    codes = encoder.encode_cells(*_column(body, 1, 0))
    assert encoder.vocab == ["收到申请", "答复", " 答复"]
    assert codes.tolist() == [0, -1, 1, 0, 2, 1]
    codes = encoder.encode_cells(*_column("答复\n延期告知\n收到申请\n", 1, 0))
    assert codes.tolist() == [1, 3, 0]
    assert encoder.vocab[3] == "延期告知"
    assert encoder.clean.tolist() == [True, True, False, True]


def test_values_longer_than_a_hash_takes_are_coded_by_text() -> None:
    encoder = CellEncoder()
    long = "长" * WORD_BYTES
    values = [long, "a", long + "x", "b", long, "a", long + "x"]
    codes = encoder.encode_cells(*_column("".join(f"{v}\n" for v in values), 1, 0))
    assert _decoded(encoder, codes) == values
    assert codes.tolist() == [0, 1, 2, 3, 0, 1, 2]
    assert encoder.vocab == [long, "a", long + "x", "b"]


def test_text_records_and_cells_share_one_vocabulary() -> None:
    encoder = CellEncoder()
    assert encoder.encode_texts(["b", "", "a", "b"]).tolist() == [0, -1, 1, 0]
    codes = encoder.encode_cells(*_column("a\nc\nb\n\n", 1, 0))
    assert codes.tolist() == [1, 2, 0, -1]
    assert encoder.vocab == ["b", "a", "c"]
    assert encoder.encode_texts(["c", "d"]).tolist() == [2, 3]


def test_values_sharing_a_hash_are_never_confused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every value hashed alike: the comparison of words, not the hash, decides."""
    original = log_cells._hash

    def same_hash(words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        return np.full(original(words, lengths).size, 12345, np.uint64)

    monkeypatch.setattr(log_cells, "_hash", same_hash)
    encoder = CellEncoder()
    first = ["x", "y", "x", "zz", "y", "x\x00"]  # "x\x00": the words of "x", one byte longer
    codes = encoder.encode_cells(*_column("".join(f"{v}\n" for v in first), 1, 0))
    assert codes.tolist() == [0, 1, 0, 2, 1, 3]
    second = ["zz", "w", "x\x00", "x", "w"]
    codes = encoder.encode_cells(*_column("".join(f"{v}\n" for v in second), 1, 0))
    assert codes.tolist() == [2, 4, 3, 0, 4]
    assert encoder.vocab == ["x", "y", "zz", "x\x00", "w"]


def test_many_values_grow_the_table() -> None:
    encoder = CellEncoder()
    values = [f"案{i % 5000}号" for i in range(20000)]
    for start in range(0, len(values), 3000):
        part = values[start : start + 3000]
        codes = encoder.encode_cells(*_column("".join(f"{v}\n" for v in part), 1, 0))
        assert _decoded(encoder, codes) == part
    assert encoder.vocab == [f"案{i}号" for i in range(5000)]


def test_quoted_cells_are_their_text_between_the_quotes() -> None:
    body = 'a,"b,c"\n"""q""",""\n"x","y ""z"""\n'
    cells = split_cells(body.encode(), 2, quoted=True)
    assert cells is not None
    assert [cells.text(column, row) for row in range(3) for column in range(2)] == [
        *("a", "b,c"),
        *('"q"', ""),
        *("x", 'y "z"'),
    ]
    encoder = CellEncoder()
    codes = encoder.encode_cells(*_column(body + 'x,"b,c"\n', 2, 0))
    assert _decoded(encoder, codes) == ["a", '"q"', "x", "x"]
    second = CellEncoder()
    assert _decoded(second, second.encode_cells(*_column(body, 2, 1))) == ["b,c", None, 'y "z"']


def test_quotes_the_csv_module_reads_otherwise_are_not_plain() -> None:
    def plain(text: str) -> bool:
        return plain_quotes(np.frombuffer(text.encode(), np.uint8))

    assert plain('a,"b,c"\n"",""""\n')
    assert not plain('a,"b\nc"\n')  # a line break inside quotes
    assert not plain('a,"b"c\n')  # text after the closing quote
    assert not plain('a,b"c"\n')  # a quote inside an unquoted field
    assert not plain('a, "b"\n')  # a space before the opening quote
    assert not plain('a,"b\n')  # never closed
    assert split_cells(b'a,"b"c\n', 2, quoted=True) is None
