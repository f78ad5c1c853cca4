"""The public mix for `make load` (locust): what residents open in a rush.

Each simulated user opens the home page, an authority's explorer page with
an indicator, the asset map filtered, the assets API, the authority's
profile and its GeoJSON, in that mix, on loopback only.
"""

from __future__ import annotations

import os

from locust import HttpUser, between, constant, task

LAD = os.environ.get("HEARTH_LOAD_LAD", "E07000118")
THINK = float(os.environ.get("HEARTH_LOAD_THINK", "0"))


class Resident(HttpUser):
    wait_time = between(THINK / 2, THINK * 1.5) if THINK > 0 else constant(0)

    @task
    def home(self) -> None:
        self.client.get("/", name="/")

    @task
    def explorer(self) -> None:
        self.client.get(
            f"/areas/lad24/{LAD}/?indicator=iod2025.imd_score", name="explorer"
        )

    @task
    def asset_map(self) -> None:
        self.client.get(
            f"/assets/?lad={LAD}&category=library&category=school", name="asset map"
        )

    @task
    def assets_api(self) -> None:
        self.client.get(f"/api/v1/assets?lad={LAD}", name="/api/v1/assets")

    @task
    def profile(self) -> None:
        self.client.get(f"/profiles/{LAD}/", name="profile")

    @task
    def geojson(self) -> None:
        self.client.get(
            f"/api/v1/lads/{LAD}/geojson?indicator=iod2025.imd_score", name="geojson"
        )
