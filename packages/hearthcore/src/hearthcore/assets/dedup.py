"""Find records that are probably the same real asset.

The same library or church often arrives from several sources with slightly
different names and points a few metres apart. Candidates are pairs within
``max_distance_m`` of each other (a k-d tree in British National Grid
metres, so 100,000 points take well under a second) whose names are similar
once normalised. People confirm merges; nothing here merges anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from pyproj import Transformer
from scipy.spatial import cKDTree

_STOP = frozenset(
    {
        "the",
        "and",
        "of",
        "at",
        "a",
        "an",
        "in",
        "on",
        "for",
        "ltd",
        "limited",
        "plc",
        "llp",
        "cic",
    }
)
_SAME = {
    "st": "saint",
    "ste": "saint",
    "center": "centre",
    "ctr": "centre",
    "cntr": "centre",
    "comm": "community",
    "libraries": "library",
    "lib": "library",
    "chemists": "chemist",
    "pharmacies": "pharmacy",
    "rd": "road",
    "ln": "lane",
    "ave": "avenue",
    "sq": "square",
    "c": "",
    "e": "",
}
#: Words so common in asset names that sharing them says little.
_GENERIC = frozenset(
    {
        "library",
        "pharmacy",
        "chemist",
        "church",
        "chapel",
        "school",
        "primary",
        "academy",
        "centre",
        "community",
        "hall",
        "surgery",
        "medical",
        "practice",
        "health",
        "park",
        "club",
        "dental",
        "dentist",
        "care",
        "home",
        "house",
        "saint",
        "ce",
        "rc",
        "infant",
        "junior",
        "nursery",
        "high",
        "college",
        "methodist",
        "baptist",
        "parish",
        "group",
        "services",
        "service",
        "space",
        "warm",
        "food",
        "bank",
        "road",
        "street",
        "lane",
    }
)
_NON_WORD = re.compile(r"[^0-9a-z ]+")


@dataclass(frozen=True)
class DuplicateCandidate:
    """Two records that may be the same asset.

    ``left`` and ``right`` index the input sequences; ``score`` (0..1)
    combines name similarity, closeness and a shared category.
    """

    left: int
    right: int
    distance_m: float
    name_similarity: float
    score: float


@lru_cache(maxsize=200_000)
def _tokens(name: str) -> tuple[str, ...]:
    text = name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = _NON_WORD.sub(" ", text).split()
    out = []
    for word in words:
        word = _SAME.get(word, word)
        if word and word not in _STOP:
            out.append(word)
    return tuple(out)


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _token_set(a: set[str], b: set[str]) -> float:
    common = " ".join(sorted(a & b))
    t1 = " ".join(filter(None, (common, " ".join(sorted(a - b)))))
    t2 = " ".join(filter(None, (common, " ".join(sorted(b - a)))))
    return max(_ratio(common, t1), _ratio(common, t2), _ratio(t1, t2))


#: Words that say what kind of place a name is. Two names whose kinds do not
#: overlap ("Gravesend Methodist Church", "Gravesend Library") are different
#: places however alike the rest of the name is.
_KINDS = {
    "library": "library",
    "pharmacy": "pharmacy",
    "chemist": "pharmacy",
    "church": "worship",
    "chapel": "worship",
    "mosque": "worship",
    "temple": "worship",
    "gurdwara": "worship",
    "synagogue": "worship",
    "school": "school",
    "primary": "school",
    "academy": "school",
    "nursery": "school",
    "college": "school",
    "surgery": "gp",
    "medical": "gp",
    "health": "gp",
    "practice": "gp",
    "dental": "dental",
    "dentist": "dental",
    "park": "park",
    "centre": "venue",
    "hub": "venue",
    "hall": "venue",
    "association": "venue",
    "institute": "venue",
}


def _kinds(tokens: tuple[str, ...]) -> set[str]:
    return {_KINDS[t] for t in tokens if t in _KINDS}


def name_similarity(a: str, b: str) -> float:
    """Return how alike two asset names are, from 0 to 1.

    Names are lower-cased, punctuation and stop words ("the", "and"/"&")
    dropped and abbreviations ("St", "Ctr") expanded the same way on both
    sides. Words common to many asset names ("library", "pharmacy",
    "church"...) are then set aside so that "Boots Pharmacy" and "Lloyds
    Pharmacy" do not look alike, and a difflib token-set ratio is taken.

    Parameters
    ----------
    a, b : str
        Two names.

    Returns
    -------
    float
        1.0 for names that are the same once normalised.

    Examples
    --------
    >>> name_similarity("Chorley Library", "CHORLEY LIBRARY")
    1.0
    >>> name_similarity("St. Mary's Church", "Saint Marys Church") == 1.0
    True
    >>> name_similarity("Boots Pharmacy", "Lloyds Pharmacy") < 0.6
    True
    >>> name_similarity("Gravesend Methodist Church", "Gravesend Library") < 0.6
    True
    >>> name_similarity("Pill Library", "Pill Library & Children's Centre") > 0.8
    True
    """
    ta, tb = _tokens(a), _tokens(b)
    if ta == tb:
        return 1.0 if ta else 0.0
    if not ta or not tb:
        return 0.0
    ka, kb = _kinds(ta), _kinds(tb)
    # Churches often run the hub or centre in their own building.
    hosted = {"worship", "venue"} <= ka | kb
    penalty = 0.5 if ka and kb and not ka & kb and not hosted else 1.0
    return round(penalty * _similarity(ta, tb), 4)


def _similarity(ta: tuple[str, ...], tb: tuple[str, ...]) -> float:
    sort_ratio = _ratio(" ".join(sorted(ta)), " ".join(sorted(tb)))
    da = {t for t in ta if t not in _GENERIC}
    db = {t for t in tb if t not in _GENERIC}
    if da and db:
        distinctive = _token_set(da, db)
        if da <= db or db <= da:
            distinctive *= 0.9  # "Chorley Library" vs "Chorley Union Street Library"
        return round(max(distinctive, min(sort_ratio, distinctive + 0.1)), 4)
    return round(sort_ratio, 4)


_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def _project(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project to BNG metres; return the finite points and their indices."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    ok = np.flatnonzero(
        np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    )
    x, y = _TO_BNG.transform(lon[ok], lat[ok])
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    good = np.isfinite(xy).all(axis=1)
    return xy[good], ok[good]


def _score(
    similarity: float, distance: float, max_distance: float, same: bool | None
) -> float:
    closeness = max(0.0, 1.0 - distance / max_distance) if max_distance > 0 else 1.0
    score = 0.65 * similarity + 0.35 * closeness
    if same:
        score += 0.1
    return round(min(score, 1.0), 4)


def _candidates(
    i: np.ndarray,
    j: np.ndarray,
    distance: np.ndarray,
    left_names: Sequence[str],
    right_names: Sequence[str],
    left_categories: Sequence[str] | None,
    right_categories: Sequence[str] | None,
    max_distance_m: float,
    min_similarity: float,
) -> list[DuplicateCandidate]:
    found = []
    for a, b, d in zip(i.tolist(), j.tolist(), distance.tolist(), strict=True):
        similarity = name_similarity(left_names[a], right_names[b])
        if similarity < min_similarity:
            continue
        same = None
        if left_categories is not None and right_categories is not None:
            same = left_categories[a] == right_categories[b]
        found.append(
            DuplicateCandidate(
                a,
                b,
                round(d, 1),
                similarity,
                _score(similarity, d, max_distance_m, same),
            )
        )
    found.sort(key=lambda c: (-c.score, c.distance_m, c.left, c.right))
    return found


def find_duplicates(
    names: Sequence[str],
    lat: np.ndarray,
    lon: np.ndarray,
    *,
    max_distance_m: float = 150.0,
    min_similarity: float = 0.6,
    categories: Sequence[str] | None = None,
) -> list[DuplicateCandidate]:
    """Find pairs of records that are probably the same asset.

    Parameters
    ----------
    names : Sequence of str
        Record names.
    lat, lon : ndarray
        WGS84 coordinates; NaN where unknown (those never match).
    max_distance_m : float, optional
        Largest distance between duplicates, in metres.
    min_similarity : float, optional
        Smallest :func:`name_similarity` to report.
    categories : Sequence of str, optional
        Record categories; a shared category raises the score.

    Returns
    -------
    list of DuplicateCandidate
        ``left < right``, best score first.

    Examples
    --------
    >>> import numpy as np
    >>> found = find_duplicates(["Chorley Library", "Chorley library", "Boots"],
    ...                         np.array([53.6530, 53.6532, 53.6531]),
    ...                         np.array([-2.6300, -2.6301, -2.6299]))
    >>> [(c.left, c.right) for c in found]
    [(0, 1)]
    """
    if len(names) != len(lat) or len(names) != len(lon):
        raise ValueError("names, lat and lon must have the same length")
    xy, index = _project(lat, lon)
    if len(index) < 2:
        return []
    pairs = cKDTree(xy).query_pairs(r=max_distance_m, output_type="ndarray")
    if len(pairs) == 0:
        return []
    a, b = pairs[:, 0], pairs[:, 1]
    distance = np.hypot(*(xy[a] - xy[b]).T)
    left, right = index[a], index[b]
    swap = left > right
    left, right = np.where(swap, right, left), np.where(swap, left, right)
    return _candidates(
        left,
        right,
        distance,
        names,
        names,
        categories,
        categories,
        max_distance_m,
        min_similarity,
    )


def find_matches(
    new_names: Sequence[str],
    new_lat: np.ndarray,
    new_lon: np.ndarray,
    existing_names: Sequence[str],
    existing_lat: np.ndarray,
    existing_lon: np.ndarray,
    *,
    max_distance_m: float = 150.0,
    min_similarity: float = 0.6,
    new_categories: Sequence[str] | None = None,
    existing_categories: Sequence[str] | None = None,
) -> list[DuplicateCandidate]:
    """Find existing records that incoming records probably duplicate.

    Parameters
    ----------
    new_names, new_lat, new_lon : Sequence of str, ndarray, ndarray
        The incoming records (NaN coordinates never match).
    existing_names, existing_lat, existing_lon : Sequence of str, ndarray, ndarray
        The register already held.
    max_distance_m : float, optional
        Largest distance between duplicates, in metres.
    min_similarity : float, optional
        Smallest :func:`name_similarity` to report.
    new_categories, existing_categories : Sequence of str, optional
        Categories; a shared category raises the score.

    Returns
    -------
    list of DuplicateCandidate
        ``left`` indexes the new records and ``right`` the existing ones,
        best score first.

    Examples
    --------
    >>> import numpy as np
    >>> found = find_matches(["Chorley Library"], np.array([53.6530]), np.array([-2.6300]),
    ...                      ["Boots", "CHORLEY LIBRARY"], np.array([53.65, 53.6531]),
    ...                      np.array([-2.60, -2.6301]))
    >>> [(c.left, c.right) for c in found]
    [(0, 1)]
    """
    new_xy, new_index = _project(new_lat, new_lon)
    old_xy, old_index = _project(existing_lat, existing_lon)
    if len(new_index) == 0 or len(old_index) == 0:
        return []
    matrix = cKDTree(new_xy).sparse_distance_matrix(
        cKDTree(old_xy), max_distance_m, output_type="ndarray"
    )
    if len(matrix) == 0:
        return []
    return _candidates(
        new_index[matrix["i"]],
        old_index[matrix["j"]],
        matrix["v"],
        new_names,
        existing_names,
        new_categories,
        existing_categories,
        max_distance_m,
        min_similarity,
    )
