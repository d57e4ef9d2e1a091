"""Loading rules: folders and files, imports under the root only, circles, once-only, constants resolved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gkrules.errors import RuleCheckError, RuleSyntaxError, UsageError
from gkrules.language import ast
from gkrules.language.loader import Program, diagnose, load_program, load_text

L5 = """规则 L5 "依申请公开：20个工作日内答复" {
    依据 "中华人民共和国政府信息公开条例" 条款 "第三十三条"
    当 收到申请
    按 case
    须 答复 在 答复期限 内
    延期 于 延期告知 天数 days 最多 上限天数 工作日
}
"""
SHARED = "常量 答复期限 = 20 工作日\n常量 上限天数 = 20\n"


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _codes(
    error: pytest.ExceptionInfo[RuleCheckError] | pytest.ExceptionInfo[RuleSyntaxError],
) -> list[str]:
    return [d.code for d in error.value.diagnostics]


def test_a_folder_loads_every_file_sorted_and_imports_once(tmp_path: Path):
    _write(
        tmp_path,
        {
            "共用.gk": SHARED,
            "b/依申请.gk": '导入 "../共用.gk"\n' + L5,
            "a.gk": '导入 "共用.gk"\n',
        },
    )
    program = load_program(tmp_path)
    assert isinstance(program, Program)
    paths = [Path(f.path).relative_to(tmp_path).as_posix() for f in program.files]
    assert paths == ["a.gk", "共用.gk", "b/依申请.gk"]
    assert [rule.id for rule in program.rules] == ["L5"]


def test_constants_are_substituted_in_a_new_tree(tmp_path: Path):
    _write(tmp_path, {"共用.gk": SHARED, "main.gk": '导入 "共用.gk"\n' + L5})
    program = load_program(tmp_path / "main.gk")
    [rule] = program.rules
    assert isinstance(rule.body, ast.DeadlineBody)
    period = rule.body.period
    assert isinstance(period, ast.PeriodLit)
    assert period.amount == ast.NumberLit(20)  # type: ignore[arg-type]
    assert rule.body.extension is not None
    limit = rule.body.extension.limit
    assert isinstance(limit, ast.PeriodLit)
    assert isinstance(limit.amount, ast.NumberLit)
    # The span of a substituted value is the name's, so runtime errors point at the rule.
    assert period.span.path.endswith("main.gk")
    # The parsed tree is untouched.
    original = next(i for i in program.files[0].items if isinstance(i, ast.Rule))
    assert isinstance(original.body, ast.DeadlineBody)
    assert isinstance(original.body.period, ast.NameRef)
    assert {c.name for c in program.constants} == {"答复期限", "上限天数"}


def test_text_is_loaded_with_imports_under_the_root(tmp_path: Path):
    _write(tmp_path, {"共用.gk": SHARED})
    program = load_text('导入 "共用.gk"\n' + L5, root=tmp_path)
    assert [rule.id for rule in program.rules] == ["L5"]
    assert load_program('导入 "共用.gk"\n' + L5, root=tmp_path).rules == program.rules


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("/etc/共用.gk", "GK302"),
        ("C:/规则/共用.gk", "GK302"),
        ("https://example.gov.cn/共用.gk", "GK303"),
        ("../外部.gk", "GK304"),
        ("sub/../../外部.gk", "GK304"),
        ("共用.txt", "GK307"),
        ("sub", "GK307"),
        ("公用.gk", "GK301"),
    ],
)
def test_bad_imports_are_refused_at_the_import(tmp_path: Path, target: str, code: str):
    root = tmp_path / "rules"
    _write(
        tmp_path,
        {"外部.gk": SHARED, "rules/共用.gk": SHARED, "rules/共用.txt": "", "rules/sub/x.gk": ""},
    )
    _write(root, {"main.gk": f'导入 "{target}"\n'})
    with pytest.raises(RuleCheckError) as error:
        load_program(root / "main.gk")
    assert _codes(error) == [code]
    [diagnostic] = error.value.diagnostics
    assert diagnostic.span is not None
    assert diagnostic.span.line == 1


def test_a_missing_import_suggests_the_nearest_file(tmp_path: Path):
    _write(tmp_path, {"共用.gk": SHARED, "main.gk": '导入 "公用.gk"\n'})
    with pytest.raises(RuleCheckError) as error:
        load_program(tmp_path / "main.gk")
    hint = error.value.diagnostics[0].hint
    assert hint is not None
    assert "共用.gk" in hint.en


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_out_of_the_root_is_refused(tmp_path: Path):
    _write(tmp_path, {"外部.gk": SHARED, "rules/main.gk": '导入 "链接.gk"\n'})
    try:
        (tmp_path / "rules" / "链接.gk").symlink_to(tmp_path / "外部.gk")
    except OSError:
        pytest.skip("cannot create symbolic links here")
    with pytest.raises(RuleCheckError) as error:
        load_program(tmp_path / "rules")
    assert "GK305" in _codes(error)


def test_circular_imports_name_the_circle(tmp_path: Path):
    _write(
        tmp_path, {"甲.gk": '导入 "乙.gk"\n', "乙.gk": '导入 "丙.gk"\n', "丙.gk": '导入 "甲.gk"\n'}
    )
    with pytest.raises(RuleCheckError) as error:
        load_program(tmp_path / "甲.gk")
    [diagnostic] = error.value.diagnostics
    assert diagnostic.code == "GK306"
    assert "甲.gk → " in diagnostic.message.en
    assert diagnostic.message.en.count("→") == 3


def test_a_file_importing_itself_is_a_circle(tmp_path: Path):
    _write(tmp_path, {"甲.gk": '导入 "甲.gk"\n'})
    with pytest.raises(RuleCheckError) as error:
        load_program(tmp_path)
    assert _codes(error) == ["GK306"]


def test_errors_of_all_files_are_collected_and_sorted(tmp_path: Path):
    bad = L5.replace("答复期限", "答复期线")
    _write(tmp_path, {"a.gk": SHARED + bad, "b.gk": '导入 "a.gk"\n' + bad.replace("L5", "L6")})
    with pytest.raises(RuleCheckError) as error:
        load_program(tmp_path)
    places = [(Path(d.span.path).name, d.span.line) for d in error.value.diagnostics if d.span]
    assert places == sorted(places)
    assert {name for name, _ in places} == {"a.gk", "b.gk"}


def test_syntax_errors_of_several_files_are_collected(tmp_path: Path):
    _write(tmp_path, {"a.gk": "规则 {\n", "b.gk": "常量 = 1\n", "c.gk": SHARED})
    with pytest.raises(RuleSyntaxError) as error:
        load_program(tmp_path)
    assert {Path(d.span.path).name for d in error.value.diagnostics if d.span} == {"a.gk", "b.gk"}


def test_warnings_travel_on_the_program(tmp_path: Path):
    _write(tmp_path, {"a.gk": SHARED + L5.replace("须 答复", "须 答服")})
    program = load_program(tmp_path)
    assert [w.code for w in program.warnings] == ["GK315"]


def test_missing_paths_and_empty_folders(tmp_path: Path):
    with pytest.raises(UsageError) as error:
        load_program(tmp_path / "nothing")
    assert error.value.diagnostics[0].code == "GK309"
    assert [w.code for w in load_program(tmp_path).warnings] == ["GK309"]


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path):
    (tmp_path / "gbk.gk").write_bytes(SHARED.encode("gb18030"))
    with pytest.raises(RuleCheckError) as error:
        load_program(tmp_path)
    assert _codes(error) == ["GK308"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path):
    (tmp_path / "bom.gk").write_text("\ufeff" + SHARED + L5, encoding="utf-8")
    assert [rule.id for rule in load_program(tmp_path).rules] == ["L5"]


def test_diagnose_returns_errors_and_warnings_without_raising(tmp_path: Path):
    _write(
        tmp_path,
        {"a.gk": SHARED + L5.replace("答复期限", "答复期线").replace("须 答复", "须 答服")},
    )
    found = diagnose(tmp_path)
    assert sorted((d.code, d.is_error) for d in found) == [
        ("GK312", True),
        ("GK315", False),
        ("GK374", False),
    ]
    _write(tmp_path, {"b.gk": "规则 {\n"})
    assert [d.code for d in diagnose(tmp_path)] == ["GK201"]
