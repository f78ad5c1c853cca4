from __future__ import annotations

import io
from datetime import date

import pytest

from hearthcore import plans
from hearthcore.plans import (
    PlanFileError,
    action_progress,
    is_overdue,
    objective_progress,
    plan_progress,
    read_plan_file,
)

HEADER = "objective,action,lead_organisation,partners,start,due,status,progress,involvement\n"


def test_done_counts_100_and_stopped_is_left_out():
    assert action_progress("done", 0) == 100
    assert action_progress("stopped", 80) is None
    assert action_progress("in_progress", 140) == 100
    assert action_progress("not_started", None) == 0
    assert (
        objective_progress([("done", 10), ("stopped", 90), ("in_progress", 20)]) == 60
    )
    assert objective_progress([("stopped", 90)]) is None
    assert objective_progress([]) is None


def test_plan_progress_is_the_mean_of_objectives_not_of_actions():
    first = objective_progress([("done", 0)] * 3)  # 100
    second = objective_progress([("in_progress", 20)])  # 20
    assert plan_progress([first, second]) == 60  # not (300 + 20) / 4
    assert plan_progress([None, 40.0]) == 40
    assert plan_progress([]) is None


def test_overdue_only_when_open_and_past():
    today = date(2025, 6, 1)
    assert is_overdue(date(2025, 5, 31), "in_progress", today)
    assert not is_overdue(date(2025, 6, 1), "in_progress", today)
    assert not is_overdue(date(2025, 5, 1), "done", today)
    assert not is_overdue(date(2025, 5, 1), "stopped", today)
    assert not is_overdue(None, "not_started", today)


def test_choices_are_read_forgivingly():
    assert plans.parse_choice("IN-PROGRESS", plans.STATUSES) == "in_progress"
    assert plans.parse_choice(" Empower ", plans.INVOLVEMENT) == "empower"
    assert plans.parse_choice("delegate", plans.INVOLVEMENT) is None


def test_reads_a_plan_file(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "\ufeff"
        + HEADER
        + "Fewer fires,Fire checks,Fire Service,Council; VCS ;Council,2025-04-01,2025-09-30,In progress,40%,Involve\n"
        + ",,,,,,,,\n"
        + "Fewer fires,Leaflets,Council,,,,,,\n"
        + "Healthier,Walks,VCS,,2025-01-01,,complete,10,empower\n",
        encoding="utf-8",
    )
    rows = read_plan_file(path)
    assert [r.line for r in rows] == [2, 4, 5]
    first = rows[0]
    assert first.partners == ("Council", "VCS")
    assert first.start == date(2025, 4, 1) and first.due == date(2025, 9, 30)
    assert (first.status, first.progress, first.involvement) == (
        "in_progress",
        40,
        "involve",
    )
    assert (rows[1].status, rows[1].progress, rows[1].involvement) == (
        "not_started",
        0,
        "inform",
    )
    assert (rows[2].status, rows[2].progress) == ("done", 100)


def test_every_problem_is_named_by_line_and_column():
    raw = (
        HEADER
        + "A,One,Org,,2025-13-01,,,,\n"
        + "A,Two,Org,,2025-05-01,2025-04-01,,,\n"
        + ",Three,,,,,sometimes,150,shout\n"
        + "A,one,Org,,,,,,\n"
    ).encode()
    with pytest.raises(PlanFileError) as caught:
        read_plan_file(raw, "plan.csv")
    text = str(caught.value)
    assert "line 2, column start: '2025-13-01' is not a date" in text
    assert "line 3, column due: 2025-04-01 is before the start date 2025-05-01" in text
    assert "line 4, column objective: is empty" in text
    assert "line 4, column lead_organisation: is empty" in text
    assert "line 4, column status: 'sometimes' is not a status" in text
    assert "line 4, column progress: '150' is not a number from 0 to 100" in text
    assert "line 4, column involvement: 'shout' is not a level of involvement" in text
    assert (
        "line 5, column action: the same action of the same objective is on line 2"
        in text
    )


def test_refuses_files_without_the_columns_or_rows():
    with pytest.raises(PlanFileError, match="no lead_organisation column"):
        read_plan_file(b"objective,action\nA,B\n", "x.csv")
    with pytest.raises(PlanFileError, match="no actions"):
        read_plan_file(HEADER.encode(), "x.csv")
    with pytest.raises(PlanFileError, match="empty"):
        read_plan_file(b"", "x.csv")
    with pytest.raises(PlanFileError, match="binary"):
        read_plan_file(b"\x00\x01\x02objective", "x.csv")
    with pytest.raises(PlanFileError, match="nan"):
        read_plan_file((HEADER + "A,B,C,,,,,nan,\n").encode(), "x.csv")


def test_reads_xlsx_with_real_dates_and_percentages():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(plans.COLUMNS))
    sheet.append(
        [
            "A",
            "B",
            "Org",
            "P1;P2",
            date(2025, 4, 1),
            date(2025, 5, 1),
            "done",
            None,
            "consult",
        ]
    )
    sheet.append(["A", "C", "Org", None, None, None, "in progress", 0.4, None])
    sheet["H3"].number_format = "0%"
    sheet.append(["A", "D", "Org", None, None, None, None, 1, None])
    sheet["H4"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_plan_file(buffer.getvalue(), "plan.xlsx")
    assert rows[0].start == date(2025, 4, 1) and rows[0].partners == ("P1", "P2")
    assert rows[0].progress == 100
    assert rows[1].progress == 40
    assert rows[2].progress == 100  # "100%" is stored as 1


def test_the_template_reads_back():
    rows = read_plan_file(plans.template_csv().encode("utf-8"), "template.csv")
    assert (
        len(rows) == 1
        and rows[0].lead_organisation == "Lancashire Fire and Rescue Service"
    )


def test_a_misspelt_column_is_an_error_but_export_columns_are_skipped():
    with pytest.raises(PlanFileError, match="unknown column lead_org"):
        read_plan_file(
            b"objective,action,lead_organisation,lead_org\nA,B,C,D\n", "x.csv"
        )
    rows = read_plan_file(
        b"community_id,community,objective_progress,objective,action,lead_organisation\n"
        b"1,Moor,50,A,B,C\n",
        "x.csv",
    )
    assert rows[0].lead_organisation == "C"
