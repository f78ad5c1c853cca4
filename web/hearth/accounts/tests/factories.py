from __future__ import annotations

import factory

from hearth.accounts.models import Membership, Organisation, Role, User
from hearth.core.testing import PASSWORD


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.VCS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(
        self,
        create: bool,
        extracted: list[tuple[Organisation, str]] | None,
        **kwargs: object,
    ) -> None:
        if create:
            self.save()
        for organisation, role in extracted or []:
            Membership.objects.get_or_create(
                user=self, organisation=organisation, role=role
            )


def council() -> Organisation:
    return OrganisationFactory(
        name="Chorley Council", kind=Organisation.Kind.COUNCIL, is_host=True
    )


__all__ = ["PASSWORD", "OrganisationFactory", "Role", "UserFactory", "council"]
