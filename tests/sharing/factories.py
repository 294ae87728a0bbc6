import factory
from django.contrib.auth.models import Group

from sharing.models import Organisation, OrganisationKind, User

PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.SAFEGUARDING_PARTNERSHIP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests (browser, worker) run on a database
            # flushed of the rows the data migrations made.
            self.groups.set([Group.objects.get_or_create(name=str(role))[0] for role in extracted])
