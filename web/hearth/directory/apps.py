from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _seed_taxonomies(sender: AppConfig, **kwargs: Any) -> None:
    """Load the LGA lists after migrations (and after a test database flush)."""
    from django.db import connections

    from .models import Taxonomy

    using = kwargs.get("using", "default")
    if Taxonomy._meta.db_table not in connections[using].introspection.table_names():
        return
    from .services import ensure_lga_taxonomies

    ensure_lga_taxonomies()


class DirectoryConfig(AppConfig):
    name = "hearth.directory"
    label = "directory"
    verbose_name = "Service directory (Open Referral UK)"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from hearth.audit.registry import track
        from hearth.core.cache import register_version_source
        from hearth.core.navigation import NavItem, register

        from . import queries
        from .models import (
            Organization,
            Service,
            ServiceProposal,
            Taxonomy,
            TaxonomyTerm,
        )
        from .panels import register_panels

        register(NavItem("directory", "Find a service", "directory:search", order=25))
        register(
            NavItem(
                "directory-manage",
                "Manage the directory",
                "directory:manage",
                order=60,
                any_of=("manage_assets", "provide_services"),
            )
        )
        # Services and organisations are published information, so their
        # changes are logged with values; nothing here is personal.
        for model in (Organization, Service, ServiceProposal, Taxonomy):
            track(model)

        def changed(**_kwargs: Any) -> None:
            queries.bump()

        for changing in (Organization, Service, Taxonomy, TaxonomyTerm):
            uid = f"directory-version-{changing._meta.model_name}"
            post_save.connect(
                changed, sender=changing, dispatch_uid=uid + "-save", weak=False
            )
            post_delete.connect(
                changed, sender=changing, dispatch_uid=uid + "-del", weak=False
            )
        register_version_source("directory", queries.version)
        post_migrate.connect(
            _seed_taxonomies, sender=self, dispatch_uid="directory-seed"
        )
        register_panels()
