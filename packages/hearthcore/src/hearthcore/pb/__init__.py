"""Participatory budgeting: Pabulib files, counting rules and explanations.

* :mod:`~hearthcore.pb.pabulib` reads and writes Pabulib ``.pb`` files
  (:func:`read`, :func:`loads`, :func:`write`, :func:`dumps`);
* :mod:`~hearthcore.pb.rules` counts them (:func:`count`) by greedy and
  the Method of Equal Shares, whose engine is :mod:`~hearthcore.pb.mes`;
* :mod:`~hearthcore.pb.explanation` says why each project was or was not
  funded (:func:`explain`).

>>> from hearthcore import pb
>>> e = pb.approval_election(300, {"a": 200, "b": 100, "c": 100},
...                          [["a"], ["a"], ["b", "c"]], rule="equalshares")
>>> outcome = pb.count(e)
>>> outcome.to_json()
{'rule': 'equalshares', 'budget': 300, 'winners': ['a', 'b'], 'cost': 300}
>>> pb.explain(e, outcome).funded[1].reason
'Funded 2nd: its one supporter paid the 100.00 alone.'
"""

from __future__ import annotations

from .explanation import Explanation, ProjectStory, explain
from .pabulib import (
    VOTE_TYPES,
    Ballot,
    Election,
    PabulibError,
    Project,
    approval_election,
    dumps,
    loads,
    read,
    write,
)
from .rules import RULES, Comparison, Outcome, RuleError, count, greedy, greedy_order

__all__ = [
    "RULES",
    "VOTE_TYPES",
    "Ballot",
    "Comparison",
    "Election",
    "Explanation",
    "Outcome",
    "PabulibError",
    "Project",
    "ProjectStory",
    "RuleError",
    "approval_election",
    "count",
    "dumps",
    "explain",
    "greedy",
    "greedy_order",
    "loads",
    "read",
    "write",
]
