"""Signals that tell attached apps a community changed shape.

See the rule in ``models.py``: on ``community_merged`` apps move records
from ``source`` to ``target``; on ``community_split`` they may move records
tied to the ``areas`` that went to ``new``.
"""

from __future__ import annotations

from django.dispatch import Signal

# sender=Community, source=Community, target=Community, by=User
community_merged = Signal()
# sender=Community, source=Community, new=Community, areas=list[str], by=User
community_split = Signal()
