import factory

from portal.models import Membership, Region, RegionLevel, Role, Unit, UnitKind, User


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"地区{n}")
    level = RegionLevel.PROVINCE
    parent = None


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.POVERTY_OFFICE
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    password = factory.django.Password("correct-horse-42")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.REPORTER


def person(username: str, unit: Unit, *roles: str, **extra) -> User:
    user = UserFactory(username=username, **extra)
    for role in roles:
        MembershipFactory(user=user, unit=unit, role=role)
    return user
