"""Names of the 2011 Output Area Classification supergroups and groups (ONS)."""

from __future__ import annotations

SUPERGROUP_NAMES = {
    "1": "Rural residents",
    "2": "Cosmopolitans",
    "3": "Ethnicity central",
    "4": "Multicultural metropolitans",
    "5": "Urbanites",
    "6": "Suburbanites",
    "7": "Constrained city dwellers",
    "8": "Hard-pressed living",
}

GROUP_NAMES = {
    "1a": "Farming communities",
    "1b": "Rural tenants",
    "1c": "Ageing rural dwellers",
    "2a": "Students around campus",
    "2b": "Inner-city students",
    "2c": "Comfortable cosmopolitans",
    "2d": "Aspiring and affluent",
    "3a": "Ethnic family life",
    "3b": "Endeavouring ethnic mix",
    "3c": "Ethnic dynamics",
    "3d": "Aspirational techies",
    "4a": "Rented family living",
    "4b": "Challenged Asian terraces",
    "4c": "Asian traits",
    "5a": "Urban professionals and families",
    "5b": "Ageing urban living",
    "6a": "Suburban achievers",
    "6b": "Semi-detached suburbia",
    "7a": "Challenged diversity",
    "7b": "Constrained flat dwellers",
    "7c": "White communities",
    "7d": "Ageing city dwellers",
    "8a": "Industrious communities",
    "8b": "Challenged terraced workers",
    "8c": "Hard-pressed ageing workers",
    "8d": "Migration and churn",
}
