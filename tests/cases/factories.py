from datetime import date

import factory

from cases import services
from cases.models import Person
from sharing import services as sharing_services
from sharing.models import Team
from tests.sharing.factories import OrganisationFactory, UserFactory


def make_team(organisation=None, name=None, members=()):
    organisation = organisation or OrganisationFactory()
    team = sharing_services.team_create(
        organisation=organisation,
        name=name or f"Team {Team.objects.count() + 1}",
        reason="test",
    )
    for user in members:
        sharing_services.team_add_member(team=team, user=user)
    return team


def team_member(team, **kwargs):
    user = UserFactory(organisation=team.organisation, **kwargs)
    sharing_services.team_add_member(team=team, user=user)
    return user


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Smith"
    date_of_birth = date(2015, 6, 1)


def open_case(team, user, child=None, **kwargs):
    child = child or PersonFactory(owning_team=team)
    fields = {"summary": "Concerns about neglect.", "opened_on": date(2026, 10, 1)}
    fields.update(kwargs)
    return services.case_open(user=user, team=team, child=child, reason="test", **fields)
